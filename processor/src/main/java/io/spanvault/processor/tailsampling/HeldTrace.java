package io.spanvault.processor.tailsampling;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.processor.tailsampling.policy.TraceData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A trace waiting for its decision: the spans received so far, under their resources and scopes as they
 * arrived, and the senders waiting for it. A span whose id is already held (a sender's retry) is not kept
 * twice.
 */
final class HeldTrace implements TraceData {
    private final ByteString traceId;
    private final long arrivalNanos;
    private final List<ResourceSpans> batches = new ArrayList<>(2);
    private final Set<ByteString> spanIds = new HashSet<>();
    private final List<Receipt> waiting = new ArrayList<>(1);

    HeldTrace(ByteString traceId, long arrivalNanos) {
        this.traceId = traceId;
        this.arrivalNanos = arrivalNanos;
    }

    /** Holds the spans of {@code part} not held yet; returns how many were new. */
    int add(List<ResourceSpans> part) {
        int added = 0;
        for (ResourceSpans rs : part) {
            boolean allNew = true;
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    allNew &= spanIds.add(span.getSpanId());
                }
            }
            if (allNew) {
                batches.add(rs);
                added += count(rs);
            } else {
                ResourceSpans fresh = withoutHeld(rs);
                if (fresh != null) {
                    batches.add(fresh);
                    added += count(fresh);
                }
            }
        }
        return added;
    }

    /** The spans of {@code rs} that were not held before this request (their ids were just added). */
    private ResourceSpans withoutHeld(ResourceSpans rs) {
        Set<ByteString> earlier = new HashSet<>();
        for (ResourceSpans held : batches) {
            for (ScopeSpans ss : held.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    earlier.add(span.getSpanId());
                }
            }
        }
        ResourceSpans.Builder out = rs.toBuilder().clearScopeSpans();
        for (ScopeSpans ss : rs.getScopeSpansList()) {
            ScopeSpans.Builder scope = ss.toBuilder().clearSpans();
            for (Span span : ss.getSpansList()) {
                if (earlier.add(span.getSpanId())) {
                    scope.addSpans(span);
                }
            }
            if (scope.getSpansCount() > 0) {
                out.addScopeSpans(scope);
            }
        }
        return out.getScopeSpansCount() == 0 ? null : out.build();
    }

    private static int count(ResourceSpans rs) {
        int n = 0;
        for (ScopeSpans ss : rs.getScopeSpansList()) {
            n += ss.getSpansCount();
        }
        return n;
    }

    void await(Receipt receipt) {
        if (!waiting.contains(receipt)) {
            waiting.add(receipt);
            receipt.expect();
        }
    }

    List<Receipt> waiting() {
        return waiting;
    }

    long arrivalNanos() {
        return arrivalNanos;
    }

    @Override
    public ByteString traceId() {
        return traceId;
    }

    @Override
    public int spanCount() {
        return spanIds.size();
    }

    @Override
    public List<ResourceSpans> batches() {
        return batches;
    }
}
