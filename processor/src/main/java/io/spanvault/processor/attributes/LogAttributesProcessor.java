package io.spanvault.processor.attributes;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.processor.actions.AttributeActions;
import io.spanvault.processor.actions.AttributeMap;
import io.spanvault.processor.matching.Selection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Applies the actions to the attributes of every selected log record; copies the request only on change. */
final class LogAttributesProcessor implements Processor<ExportLogsServiceRequest> {
    private final AttributeActions actions;
    private final Selection selection;
    private final SignalConsumer<ExportLogsServiceRequest> next;

    LogAttributesProcessor(AttributeActions actions, Selection selection,
            SignalConsumer<ExportLogsServiceRequest> next) {
        this.actions = actions;
        this.selection = selection;
        this.next = next;
    }

    @Override
    public CompletionStage<Void> consume(ExportLogsServiceRequest request) {
        ExportLogsServiceRequest out;
        try {
            out = process(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return next.consume(out);
    }

    ExportLogsServiceRequest process(ExportLogsServiceRequest request) {
        ExportLogsServiceRequest.Builder edited = null;
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            ResourceLogs rl = request.getResourceLogs(r);
            for (int s = 0; s < rl.getScopeLogsCount(); s++) {
                ScopeLogs sl = rl.getScopeLogs(s);
                for (int i = 0; i < sl.getLogRecordsCount(); i++) {
                    LogRecord record = sl.getLogRecords(i);
                    if (!selection.selectsRecord(rl.getResource(), sl.getScope(), record.getAttributesList())) {
                        continue;
                    }
                    AttributeMap attributes = new AttributeMap(record.getAttributesList());
                    actions.apply(attributes);
                    if (attributes.changed()) {
                        if (edited == null) {
                            edited = request.toBuilder();
                        }
                        edited.getResourceLogsBuilder(r).getScopeLogsBuilder(s).getLogRecordsBuilder(i)
                                .clearAttributes().addAllAttributes(attributes.entries());
                    }
                }
            }
        }
        return edited == null ? request : edited.build();
    }
}
