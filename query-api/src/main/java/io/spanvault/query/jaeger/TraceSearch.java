package io.spanvault.query.jaeger;

import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import java.util.List;

/**
 * A parsed {@code /api/traces} request: either trace ids to fetch (then the query's time range is only a hint)
 * or a search.
 */
public record TraceSearch(TraceQuery query, List<TraceId> traceIds) {
}
