package io.spanvault.processor.resource;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.opentelemetry.proto.resource.v1.Resource;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.processor.actions.AttributeActions;
import io.spanvault.processor.actions.AttributeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies the actions to the resource of every resource group. Every signal's request is a list of groups
 * (its first field) that each hold a {@code resource}, so one reflective walk serves all three; it runs
 * once per group, not per item.
 */
final class ResourceProcessor<T extends Message> implements Processor<T> {
    private final AttributeActions actions;
    private final SignalConsumer<T> next;

    ResourceProcessor(AttributeActions actions, SignalConsumer<T> next) {
        this.actions = actions;
        this.next = next;
    }

    @Override
    public CompletionStage<Void> consume(T request) {
        T out;
        try {
            out = process(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return next.consume(out);
    }

    @SuppressWarnings("unchecked")
    T process(T request) {
        FieldDescriptor groups = request.getDescriptorForType().getFields().get(0);
        Message.Builder edited = null;
        for (int i = 0, n = request.getRepeatedFieldCount(groups); i < n; i++) {
            Message group = (Message) request.getRepeatedField(groups, i);
            FieldDescriptor resourceField = group.getDescriptorForType().findFieldByName("resource");
            Resource resource = (Resource) group.getField(resourceField);
            AttributeMap attributes = new AttributeMap(resource.getAttributesList());
            actions.apply(attributes);
            if (!attributes.changed()) {
                continue;
            }
            if (edited == null) {
                edited = request.toBuilder();
            }
            Resource changed = resource.toBuilder().clearAttributes().addAllAttributes(attributes.entries()).build();
            edited.setRepeatedField(groups, i, group.toBuilder().setField(resourceField, changed).build());
        }
        return edited == null ? request : (T) edited.build();
    }
}
