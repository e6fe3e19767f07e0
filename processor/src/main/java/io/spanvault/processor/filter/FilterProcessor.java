package io.spanvault.processor.filter;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.processor.filter.condition.Condition;
import io.spanvault.processor.filter.condition.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Drops matching spans and span events. Scope and resource groups left empty are removed; a request left
 * empty is accepted without being passed on (the collector's "skip processing data"). Groups that lose
 * nothing are reused as they are.
 */
final class FilterProcessor implements Processor<ExportTraceServiceRequest> {
    private final Condition dropSpan;
    private final Condition dropEvent;
    private final Counter dropped;
    private final SignalConsumer<ExportTraceServiceRequest> next;

    FilterProcessor(Condition dropSpan, Condition dropEvent, Counter dropped,
            SignalConsumer<ExportTraceServiceRequest> next) {
        this.dropSpan = dropSpan;
        this.dropEvent = dropEvent;
        this.dropped = dropped;
        this.next = next;
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest request) {
        if (dropSpan == null && dropEvent == null) {
            return next.consume(request);
        }
        ExportTraceServiceRequest kept;
        try {
            kept = filter(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (kept.getResourceSpansCount() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return next.consume(kept);
    }

    private ExportTraceServiceRequest filter(ExportTraceServiceRequest request) {
        boolean changed = false;
        int droppedSpans = 0;
        List<ResourceSpans> resources = new ArrayList<>(request.getResourceSpansCount());
        for (ResourceSpans rs : request.getResourceSpansList()) {
            boolean resourceChanged = false;
            List<ScopeSpans> scopes = new ArrayList<>(rs.getScopeSpansCount());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                boolean scopeChanged = false;
                List<Span> spans = new ArrayList<>(ss.getSpansCount());
                for (Span span : ss.getSpansList()) {
                    Item item = Item.span(rs.getResource(), ss.getScope(), span);
                    if (dropSpan != null && dropSpan.test(item)) {
                        droppedSpans++;
                        scopeChanged = true;
                        continue;
                    }
                    Span filtered = dropEvent == null ? span : withoutDroppedEvents(item);
                    scopeChanged |= filtered != span;
                    spans.add(filtered);
                }
                if (spans.isEmpty()) {
                    resourceChanged = true;
                } else if (scopeChanged) {
                    resourceChanged = true;
                    scopes.add(ss.toBuilder().clearSpans().addAllSpans(spans).build());
                } else {
                    scopes.add(ss);
                }
            }
            if (scopes.isEmpty()) {
                changed = true;
            } else if (resourceChanged) {
                changed = true;
                resources.add(rs.toBuilder().clearScopeSpans().addAllScopeSpans(scopes).build());
            } else {
                resources.add(rs);
            }
        }
        dropped.add(droppedSpans);
        return changed ? ExportTraceServiceRequest.newBuilder().addAllResourceSpans(resources).build() : request;
    }

    private Span withoutDroppedEvents(Item spanItem) {
        Span span = spanItem.span();
        List<Span.Event> events = null;
        for (int i = 0; i < span.getEventsCount(); i++) {
            Span.Event event = span.getEvents(i);
            boolean drop = dropEvent.test(new Item(spanItem.resource(), spanItem.scope(), span, event));
            if (drop && events == null) {
                events = new ArrayList<>(span.getEventsList().subList(0, i));
            } else if (!drop && events != null) {
                events.add(event);
            }
        }
        return events == null ? span : span.toBuilder().clearEvents().addAllEvents(events).build();
    }
}
