package io.spanvault.config;

/** How much the service reports about itself on the metrics endpoint, as the collector's levels. */
public enum MetricsLevel {
    NONE,
    BASIC,
    NORMAL,
    DETAILED
}
