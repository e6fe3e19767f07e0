package io.spanvault.config;

import java.util.Objects;

/**
 * One thing wrong with the config: the file (or preset) it came from, the key path and what is wrong.
 * Printed as {@code config.yaml: receivers.otlp.protocols.grpc.endpoint: port 70000 is out of range}.
 */
public record ConfigProblem(Severity severity, String source, KeyPath key, String message) {
    public ConfigProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        String where = key.isRoot() ? source : source + ": " + key;
        return (isError() ? "error: " : "warning: ") + where + ": " + message;
    }
}
