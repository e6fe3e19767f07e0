package io.spanvault.processor.spans;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a trace request span by span, for processors that drop or edit spans (filter, sampler). Scope
 * and resource groups left without spans are removed, as the collector removes them. Nothing is copied
 * until a span changes: an untouched request comes back as the same instance, untouched groups are reused.
 */
public final class SpanRewrite {

    /** What becomes of one span: the same instance to keep it, another span to replace it, null to drop it. */
    @FunctionalInterface
    public interface Rule {
        Span apply(Resource resource, InstrumentationScope scope, Span span);
    }

    private SpanRewrite() {
    }

    public static ExportTraceServiceRequest apply(ExportTraceServiceRequest request, Rule rule) {
        List<ResourceSpans> resources = null;
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans rs = request.getResourceSpans(r);
            ResourceSpans out = rewrite(rs, rule);
            if (out != rs && resources == null) {
                resources = new ArrayList<>(request.getResourceSpansList().subList(0, r));
            }
            if (resources != null && out != null) {
                resources.add(out);
            }
        }
        return resources == null ? request : ExportTraceServiceRequest.newBuilder().addAllResourceSpans(resources).build();
    }

    private static ResourceSpans rewrite(ResourceSpans rs, Rule rule) {
        List<ScopeSpans> scopes = null;
        for (int s = 0; s < rs.getScopeSpansCount(); s++) {
            ScopeSpans ss = rs.getScopeSpans(s);
            ScopeSpans out = rewrite(rs.getResource(), ss, rule);
            if (out != ss && scopes == null) {
                scopes = new ArrayList<>(rs.getScopeSpansList().subList(0, s));
            }
            if (scopes != null && out != null) {
                scopes.add(out);
            }
        }
        if (scopes == null) {
            return rs.getScopeSpansCount() == 0 ? null : rs;
        }
        return scopes.isEmpty() ? null : rs.toBuilder().clearScopeSpans().addAllScopeSpans(scopes).build();
    }

    private static ScopeSpans rewrite(Resource resource, ScopeSpans ss, Rule rule) {
        List<Span> spans = null;
        for (int i = 0; i < ss.getSpansCount(); i++) {
            Span span = ss.getSpans(i);
            Span out = rule.apply(resource, ss.getScope(), span);
            if (out != span && spans == null) {
                spans = new ArrayList<>(ss.getSpansList().subList(0, i));
            }
            if (spans != null && out != null) {
                spans.add(out);
            }
        }
        if (spans == null) {
            return ss.getSpansCount() == 0 ? null : ss;
        }
        return spans.isEmpty() ? null : ss.toBuilder().clearSpans().addAllSpans(spans).build();
    }
}
