package io.spanvault.bench.cassandra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Looks every acknowledged trace up by id through the query node's Jaeger API ({@code GET /api/traces/{id}})
 * and counts the spans it returns, a few lookups at a time.
 */
final class QueryNodeCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one pass found: spans expected and found, and the traces that came back short or failed. */
    record Result(long expectedSpans, long foundSpans, List<String> shortTraces, List<String> failures) {
        long missingSpans() {
            return expectedSpans - foundSpans;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    QueryNodeCheck(int port) {
        this.base = "http://127.0.0.1:" + port + "/api/traces/";
    }

    Result check(List<String> traceIds, int spansPerTrace, int parallel) throws InterruptedException {
        AtomicLong found = new AtomicLong();
        List<String> shortTraces = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> lookups = new ArrayList<>(traceIds.size());
            for (String id : traceIds) {
                lookups.add(pool.submit(() -> {
                    try {
                        int spans = spans(id);
                        found.addAndGet(Math.min(spans, spansPerTrace));
                        if (spans < spansPerTrace) {
                            shortTraces.add(id + " (" + spans + " of " + spansPerTrace + " spans)");
                        }
                    } catch (IOException e) {
                        failures.add(id + ": " + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Future<?> lookup : lookups) {
                try {
                    lookup.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause().toString());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result((long) traceIds.size() * spansPerTrace, found.get(), shortTraces, failures);
    }

    /** Distinct span ids the query node returns for the trace; 0 when it answers 404. */
    private int spans(String traceId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + traceId))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return 0;
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " " + response.body());
        }
        Set<String> spanIds = new HashSet<>();
        for (JsonNode trace : JSON.readTree(response.body()).path("data")) {
            for (JsonNode span : trace.path("spans")) {
                spanIds.add(span.path("spanID").asText());
            }
        }
        return spanIds.size();
    }
}
