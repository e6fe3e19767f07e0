package io.spanvault.storage.chronicle;

/**
 * The tags Jaeger shows for what OTLP keeps in span, status and scope fields (as query-api renders them), so
 * a search for what the UI shows finds it.
 */
final class Tags {
    static final String SPAN_KIND = "span.kind";
    static final String STATUS_CODE = "otel.status_code";
    static final String SCOPE_NAME = "otel.scope.name";
    static final String SCOPE_VERSION = "otel.scope.version";
    static final String ERROR = "error";

    private Tags() {
    }
}
