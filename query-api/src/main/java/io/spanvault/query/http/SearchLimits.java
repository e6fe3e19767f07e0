package io.spanvault.query.http;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * What one search may cost: at most {@code maxLimit} traces, and a response that stops taking traces once it
 * holds {@code maxResponseSize} bytes (the trace being written is finished, so a response passes the bound by
 * at most one trace).
 *
 * @param maxLimit        the largest {@code limit} (v1) or {@code search_depth} (api_v3); larger is a 400
 * @param maxResponseSize bytes of JSON after which a search response takes no further trace
 */
public record SearchLimits(int maxLimit, long maxResponseSize) {
    /** The largest limit Jaeger UI's search form offers, so the UI never meets the cap. */
    public static final int DEFAULT_MAX_LIMIT = 1500;
    public static final long DEFAULT_MAX_RESPONSE_SIZE = 64L << 20;

    /** Refuses {@code requested} above the cap, naming the cap and the key that sets it. */
    public void checkLimit(String parameter, int requested) {
        if (requested > maxLimit) {
            throw ApiException.badRequest("'" + parameter + "' " + requested + " is over the most traces one search"
                    + " may return, " + maxLimit + " (the query extension's max_limit)");
        }
    }

    /** True once the response written so far by {@code g} holds {@code maxResponseSize} bytes. */
    public boolean full(JsonGenerator g) {
        return ApiResponse.bytesWritten(g) >= maxResponseSize;
    }

    /** What a truncated search says about the traces it left out. */
    public String truncated(int written, int found) {
        return "response truncated to " + written + " of " + found + " traces: it reached " + maxResponseSize
                + " bytes (the query extension's max_response_size); narrow the search or lower the limit";
    }
}
