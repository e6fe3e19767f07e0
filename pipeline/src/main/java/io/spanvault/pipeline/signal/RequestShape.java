package io.spanvault.pipeline.signal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The nesting of an export request down to its items (request → resource group → scope group → items, and
 * for metrics one step further to data points), walked by protobuf reflection so that one merge and one
 * split serve every signal. Merge and split only run when batches are combined or capped, not per request.
 */
final class RequestShape<T extends Message> {

    /** One step down the tree: the field of a node that holds its children. */
    private interface Step {
        FieldDescriptor childField(Message node);
    }

    private final T emptyRequest;
    private final List<Step> steps;

    private RequestShape(T emptyRequest, List<Step> steps) {
        this.emptyRequest = emptyRequest;
        this.steps = steps;
    }

    /** A shape whose every step is a repeated message field, named from the request downwards. */
    static <T extends Message> RequestShape<T> of(T emptyRequest, String... repeatedFields) {
        return new RequestShape<>(emptyRequest, repeatedSteps(emptyRequest.getDescriptorForType(), repeatedFields));
    }

    /**
     * The metrics shape: repeated fields down to {@code Metric}, then whichever member of its {@code data}
     * oneof is set, then that member's {@code data_points}.
     */
    static <T extends Message> RequestShape<T> ofMetrics(T emptyRequest, Descriptor metric) {
        List<Step> steps = new ArrayList<>(repeatedSteps(emptyRequest.getDescriptorForType(),
                "resource_metrics", "scope_metrics", "metrics"));
        OneofDescriptor data = metric.getOneofs().stream()
                .filter(o -> o.getName().equals("data")).findFirst().orElseThrow();
        steps.add(node -> node.getOneofFieldDescriptor(data));
        steps.add(node -> node.getDescriptorForType().findFieldByName("data_points"));
        return new RequestShape<>(emptyRequest, List.copyOf(steps));
    }

    private static List<Step> repeatedSteps(Descriptor root, String... names) {
        List<Step> steps = new ArrayList<>();
        Descriptor type = root;
        for (String name : names) {
            FieldDescriptor field = type.findFieldByName(name);
            steps.add(node -> field);
            type = field.getMessageType();
        }
        return steps;
    }

    @SuppressWarnings("unchecked")
    T merge(List<T> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Message.Builder out = emptyRequest.newBuilderForType();
        FieldDescriptor top = steps.get(0).childField(emptyRequest);
        for (T part : parts) {
            for (int i = 0, n = part.getRepeatedFieldCount(top); i < n; i++) {
                out.addRepeatedField(top, part.getRepeatedField(top, i));
            }
        }
        return (T) out.build();
    }

    List<T> split(T request, int maxItems) {
        Splitter splitter = new Splitter(maxItems);
        splitter.walk(request, 0);
        splitter.emit();
        return splitter.out;
    }

    /** Copies the tree into new requests, opening a node's copy only when an item below it is copied. */
    private final class Splitter {
        private final int maxItems;
        private final Message[] source = new Message[steps.size()];
        private final Message.Builder[] copy = new Message.Builder[steps.size()];
        private final List<T> out = new ArrayList<>();
        private int room;

        Splitter(int maxItems) {
            this.maxItems = maxItems;
            this.room = maxItems;
        }

        void walk(Message node, int level) {
            source[level] = node;
            copy[level] = null;
            FieldDescriptor field = steps.get(level).childField(node);
            if (field == null) {
                return;
            }
            if (level == steps.size() - 1) {
                copyItems(node, field, level);
                return;
            }
            if (field.isRepeated()) {
                for (int i = 0, n = node.getRepeatedFieldCount(field); i < n; i++) {
                    walk((Message) node.getRepeatedField(field, i), level + 1);
                    close(level + 1);
                }
            } else {
                walk((Message) node.getField(field), level + 1);
                close(level + 1);
            }
        }

        private void copyItems(Message node, FieldDescriptor field, int level) {
            int total = node.getRepeatedFieldCount(field);
            int from = 0;
            while (from < total) {
                if (room == 0) {
                    emit();
                    room = maxItems;
                }
                int take = Math.min(room, total - from);
                Message.Builder target = open(level);
                for (int i = from; i < from + take; i++) {
                    target.addRepeatedField(field, node.getRepeatedField(field, i));
                }
                from += take;
                room -= take;
            }
        }

        private Message.Builder open(int level) {
            if (copy[level] == null) {
                Message node = source[level];
                FieldDescriptor field = steps.get(level).childField(node);
                copy[level] = node.toBuilder().clearField(field);
            }
            return copy[level];
        }

        /** Attaches the copy of the node at {@code level} to its parent's copy, if anything was copied into it. */
        private void close(int level) {
            if (copy[level] == null) {
                return;
            }
            Message child = copy[level].build();
            copy[level] = null;
            Message.Builder parent = open(level - 1);
            FieldDescriptor field = steps.get(level - 1).childField(source[level - 1]);
            if (field.isRepeated()) {
                parent.addRepeatedField(field, child);
            } else {
                parent.setField(field, child);
            }
        }

        @SuppressWarnings("unchecked")
        void emit() {
            for (int level = steps.size() - 1; level > 0; level--) {
                close(level);
            }
            if (copy[0] != null) {
                out.add((T) copy[0].build());
                copy[0] = null;
            }
        }
    }
}
