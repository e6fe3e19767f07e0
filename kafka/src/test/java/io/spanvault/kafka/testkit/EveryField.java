package io.spanvault.kafka.testkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an OTLP request with every field of every message in it set to a value other than its default, from
 * the messages' descriptors, so that a field added to the protos is covered too. Repeated fields get two
 * elements; each oneof takes its alternatives in turn across the request, so every alternative appears
 * somewhere; message nesting stops at a fixed depth ({@code AnyValue} nests without end). Ids get the lengths
 * OTLP requires (16 bytes for trace ids, 8 for span ids).
 */
public final class EveryField {
    private static final int MAX_DEPTH = 8;

    private final Map<OneofDescriptor, Integer> nextChoice = new HashMap<>();
    private int counter;

    private EveryField() {
    }

    @SuppressWarnings("unchecked")
    public static <T extends Message> T of(T prototype) {
        Message.Builder builder = prototype.newBuilderForType();
        new EveryField().fill(builder, 0);
        return (T) builder.build();
    }

    private void fill(Message.Builder builder, int depth) {
        Map<OneofDescriptor, FieldDescriptor> chosen = new HashMap<>();
        for (OneofDescriptor oneof : builder.getDescriptorForType().getRealOneofs()) {
            int choice = nextChoice.merge(oneof, 1, Integer::sum) - 1;
            List<FieldDescriptor> fields = oneof.getFields();
            chosen.put(oneof, fields.get(choice % fields.size()));
        }
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null && chosen.get(oneof) != field) {
                continue;
            }
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= MAX_DEPTH) {
                continue;
            }
            if (field.isRepeated()) {
                for (int i = 0; i < 2; i++) {
                    builder.addRepeatedField(field, value(builder, field, depth));
                }
            } else {
                builder.setField(field, value(builder, field, depth));
            }
        }
    }

    private Object value(Message.Builder parent, FieldDescriptor field, int depth) {
        int n = ++counter;
        return switch (field.getType()) {
            case DOUBLE -> n + 0.25;
            case FLOAT -> n + 0.5f;
            case INT64, SINT64, SFIXED64 -> 1_700_000_000_000_000_000L + n;
            case UINT64, FIXED64 -> 1_700_000_000_000_000_000L + n;
            case INT32, SINT32, SFIXED32, UINT32, FIXED32 -> n;
            case BOOL -> true;
            case STRING -> field.getName() + "-" + n;
            case BYTES -> bytes(field.getName(), n);
            case ENUM -> lastValue(field.getEnumType());
            case MESSAGE, GROUP -> {
                Message.Builder child = parent.newBuilderForField(field);
                fill(child, depth + 1);
                yield child.build();
            }
        };
    }

    private static ByteString bytes(String field, int n) {
        int length = field.endsWith("trace_id") ? 16 : field.endsWith("span_id") ? 8 : 5;
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (n * 31 + i + 1);
        }
        return ByteString.copyFrom(b);
    }

    private static Object lastValue(EnumDescriptor type) {
        return type.getValues().get(type.getValues().size() - 1);
    }
}
