package io.spanvault.processor.attributes;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.processor.actions.AttributeActions;
import io.spanvault.processor.actions.AttributeMap;
import io.spanvault.processor.matching.Selection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Applies the actions to the attributes of every selected span; the request is copied only if a span changes. */
final class SpanAttributesProcessor implements Processor<ExportTraceServiceRequest> {
    private final AttributeActions actions;
    private final Selection selection;
    private final SignalConsumer<ExportTraceServiceRequest> next;

    SpanAttributesProcessor(AttributeActions actions, Selection selection,
            SignalConsumer<ExportTraceServiceRequest> next) {
        this.actions = actions;
        this.selection = selection;
        this.next = next;
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest request) {
        ExportTraceServiceRequest out;
        try {
            out = process(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return next.consume(out);
    }

    ExportTraceServiceRequest process(ExportTraceServiceRequest request) {
        ExportTraceServiceRequest.Builder edited = null;
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans rs = request.getResourceSpans(r);
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                for (int i = 0; i < ss.getSpansCount(); i++) {
                    Span span = ss.getSpans(i);
                    if (!selection.selectsSpan(rs.getResource(), ss.getScope(), span)) {
                        continue;
                    }
                    AttributeMap attributes = new AttributeMap(span.getAttributesList());
                    actions.apply(attributes);
                    if (attributes.changed()) {
                        if (edited == null) {
                            edited = request.toBuilder();
                        }
                        edited.getResourceSpansBuilder(r).getScopeSpansBuilder(s).getSpansBuilder(i)
                                .clearAttributes().addAllAttributes(attributes.entries());
                    }
                }
            }
        }
        return edited == null ? request : edited.build();
    }
}
