package io.spanvault.config;

/** The least severe log events the service writes. */
public enum LogLevel {
    DEBUG,
    INFO,
    WARN,
    ERROR
}
