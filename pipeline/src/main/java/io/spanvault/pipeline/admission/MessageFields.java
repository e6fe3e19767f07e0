package io.spanvault.pipeline.admission;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which field numbers of a message type hold messages, and of which type, as a table indexed by field number:
 * {@link DecodedSize} asks this for every length-delimited field of a request, where a descriptor lookup
 * (a binary search and two more calls) per field was a tenth of the receiver's own CPU. Built once per type,
 * recursive types included.
 */
final class MessageFields {
    /** Tables of the types asked for so far; OTLP has three request types. */
    private static final Map<Descriptor, MessageFields> ROOTS = new ConcurrentHashMap<>();
    /** Field numbers above this are looked up in the descriptor instead; OTLP's are all below 20. */
    private static final int MAX_INDEXED = 64;

    private final Descriptor type;
    /** Index: field number; null where the field is absent or not a message. */
    private final MessageFields[] messages;

    private MessageFields(Descriptor type) {
        this.type = type;
        int highest = 0;
        for (FieldDescriptor field : type.getFields()) {
            highest = Math.max(highest, field.getNumber());
        }
        this.messages = new MessageFields[Math.min(highest, MAX_INDEXED) + 1];
    }

    static MessageFields of(Descriptor type) {
        return ROOTS.computeIfAbsent(type, t -> build(t, new IdentityHashMap<>()));
    }

    private static MessageFields build(Descriptor type, Map<Descriptor, MessageFields> built) {
        MessageFields fields = built.get(type);
        if (fields != null) {
            return fields;
        }
        fields = new MessageFields(type);
        built.put(type, fields);
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && field.getNumber() < fields.messages.length) {
                fields.messages[field.getNumber()] = build(field.getMessageType(), built);
            }
        }
        return fields;
    }

    /** The table of the message type field {@code number} holds, or null when it holds no message. */
    MessageFields message(int number) {
        if (number < messages.length) {
            return messages[number];
        }
        FieldDescriptor field = type.findFieldByNumber(number);
        return field != null && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? of(field.getMessageType())
                : null;
    }
}
