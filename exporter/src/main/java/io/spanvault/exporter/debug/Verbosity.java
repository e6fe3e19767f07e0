package io.spanvault.exporter.debug;

/** How much the debug exporter writes, as the collector's levels. */
public enum Verbosity {
    /** One line per request with its counts. */
    BASIC,
    /** Also one line per span, log record or metric data point. */
    NORMAL,
    /** Also every resource, scope and the full content of each item. */
    DETAILED
}
