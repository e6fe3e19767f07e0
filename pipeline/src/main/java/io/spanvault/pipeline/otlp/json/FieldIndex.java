package io.spanvault.pipeline.otlp.json;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields of one message type as OTLP/JSON sees them: found by lowerCamelCase or snake_case name, and
 * whether a bytes field is an id (hex in OTLP/JSON) rather than plain bytes (base64). Built once per type.
 */
final class FieldIndex {
    /** OTLP writes trace and span ids as hex wherever they appear (spans, links, log records, exemplars). */
    private static final Set<String> HEX_ID_FIELDS = Set.of("trace_id", "span_id", "parent_span_id");
    private static final Map<Descriptor, FieldIndex> CACHE = new ConcurrentHashMap<>();

    private final Map<String, FieldDescriptor> byName;
    private final List<FieldDescriptor> fields;
    private final List<OneofDescriptor> realOneofs;
    private final int oneofCount;

    private FieldIndex(Descriptor type) {
        fields = type.getFields();
        realOneofs = type.getRealOneofs();
        oneofCount = type.getOneofs().size();
        byName = new HashMap<>(fields.size() * 4);
        for (FieldDescriptor f : fields) {
            byName.put(f.getName(), f);
            byName.put(f.getJsonName(), f);
        }
    }

    static FieldIndex of(Descriptor type) {
        FieldIndex index = CACHE.get(type);
        return index != null ? index : CACHE.computeIfAbsent(type, FieldIndex::new);
    }

    /** The field with this JSON or proto name, or null when the message has no such field. */
    FieldDescriptor find(String name) {
        return byName.get(name);
    }

    List<FieldDescriptor> fields() {
        return fields;
    }

    /** The type's oneofs, without the synthetic ones proto3 {@code optional} fields get. */
    List<OneofDescriptor> realOneofs() {
        return realOneofs;
    }

    /** How many oneofs the type has, synthetic ones included: the bound of {@link OneofDescriptor#getIndex()}. */
    int oneofCount() {
        return oneofCount;
    }

    static boolean isHexId(FieldDescriptor field) {
        return field.getType() == FieldDescriptor.Type.BYTES && HEX_ID_FIELDS.contains(field.getName());
    }
}
