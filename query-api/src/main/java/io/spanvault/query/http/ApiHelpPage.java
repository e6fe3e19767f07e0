package io.spanvault.query.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** What {@code /} shows when no UI is configured: how to search through the API. Other paths are 404. */
public final class ApiHelpPage implements RouteHandler {
    private final String html;

    public ApiHelpPage(String basePath) {
        String api = basePath + "/api";
        html = """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>Spanvault query API</title></head>
                <body>
                <h1>Spanvault query API</h1>
                <p>No UI is configured (set <code>ui.static_files</code> of the <code>query</code> extension to a
                built Jaeger UI). The Jaeger-compatible API answers here:</p>
                <ul>
                <li><a href="%1$s/services">%1$s/services</a>: the services that sent spans</li>
                <li><code>%1$s/services/{service}/operations</code>, <code>%1$s/operations?service=</code></li>
                <li><code>%1$s/traces?service=&amp;operation=&amp;tag=key:value&amp;minDuration=10ms&amp;limit=20</code>:
                search (<code>start</code>/<code>end</code> in Unix microseconds, default the last 2 days)</li>
                <li><code>%1$s/traces/{traceID}</code>: one trace</li>
                <li><code>%1$s/dependencies?endTs=&amp;lookback=</code>: calls between services</li>
                <li><code>%1$s/v3/services</code>, <code>%1$s/v3/traces?query.service_name=&amp;query.start_time_min=&amp;query.start_time_max=</code>,
                <code>%1$s/v3/trace-summaries</code>: api_v3 (OTLP/JSON)</li>
                </ul>
                </body></html>
                """.formatted(api);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        if (request.path().equals("/") || request.path().isEmpty()) {
            return ApiResponse.text(HttpResponseStatus.OK, "text/html; charset=utf-8", html);
        }
        return ApiResponse.text(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                "404 page not found: " + request.path() + "\n");
    }
}
