package io.spanvault.server;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * For tests that check what a server stored: a receiver → batch → store pipeline with the query API, traces
 * recent enough for the store's retention, and the query API's answer for a trace.
 */
final class StoredTraces {
    private StoredTraces() {
    }

    /**
     * {@code receivers} (YAML of the section's entries, two spaces in) → batch ({@code batchSettings}, YAML
     * four spaces in, may be empty) → store in {@code dataDir}; the query API on {@code queryPort};
     * {@code metrics} the {@code service.telemetry.metrics} entries (six spaces in).
     */
    static String storePipeline(String receivers, String receiverId, String batchSettings, Path dataDir,
            int queryPort, String metrics) {
        return """
                receivers:
                %sprocessors:
                  batch:
                %s
                exporters:
                  store:
                    data_dir: %s
                extensions:
                  query:
                    endpoint: 127.0.0.1:%d
                    storage: store
                service:
                  extensions: [query]
                  pipelines:
                    traces:
                      receivers: [%s]
                      processors: [batch]
                      exporters: [store]
                  telemetry:
                    metrics:
                %s
                """.formatted(receivers, batchSettings, dataDir, queryPort, receiverId, metrics);
    }

    /** {@code spans} spans of trace {@code seed} of {@code service} that started a second ago. */
    static ExportTraceServiceRequest startedASecondAgo(String service, long seed, int spans) {
        long start = System.currentTimeMillis() * 1_000_000L - 1_000_000_000L;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 1; i <= spans; i++) {
            scope.addSpans(TestTraces.span(TestTraces.traceId(seed), TestTraces.spanId(seed * 10 + i), "op-" + i,
                    start, start + 1_000_000L));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(TestTraces.resource(service)).addScopeSpans(scope)).build();
    }

    /** The query API's answer for the trace of the request's first span. */
    static HttpResponse<String> trace(HttpClient http, int queryPort, ExportTraceServiceRequest request)
            throws IOException, InterruptedException {
        String traceId = HexFormat.of().formatHex(request.getResourceSpans(0).getScopeSpans(0).getSpans(0)
                .getTraceId().toByteArray());
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + "/api/traces/" + traceId))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
