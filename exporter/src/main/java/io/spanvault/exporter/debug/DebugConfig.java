package io.spanvault.exporter.debug;

/** The {@code debug} exporter's config: {@code verbosity: basic|normal|detailed} (default basic). */
public record DebugConfig(Verbosity verbosity) {
    public DebugConfig {
        verbosity = verbosity == null ? Verbosity.BASIC : verbosity;
    }
}
