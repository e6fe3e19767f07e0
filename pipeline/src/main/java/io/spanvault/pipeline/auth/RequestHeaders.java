package io.spanvault.pipeline.auth;

/** The headers (gRPC metadata) of one request, looked up by lower-case name; null when absent. */
@FunctionalInterface
public interface RequestHeaders {
    String get(String lowerCaseName);
}
