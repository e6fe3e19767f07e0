package io.spanvault.processor.filter;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.processor.filter.condition.Condition;
import io.spanvault.processor.filter.condition.Item;
import io.spanvault.processor.spans.SpanRewrite;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Drops matching spans and span events. Scope and resource groups left empty are removed; a request left
 * empty is accepted without being passed on (the collector's "skip processing data").
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
        int[] droppedSpans = {0};
        ExportTraceServiceRequest kept = SpanRewrite.apply(request, (resource, scope, span) -> {
            Item item = Item.span(resource, scope, span);
            if (dropSpan != null && dropSpan.test(item)) {
                droppedSpans[0]++;
                return null;
            }
            return dropEvent == null ? span : withoutDroppedEvents(item);
        });
        dropped.add(droppedSpans[0]);
        return kept;
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
