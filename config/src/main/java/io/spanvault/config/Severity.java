package io.spanvault.config;

/** Whether a config problem stops the service from starting. */
public enum Severity {
    ERROR,
    WARNING
}
