package io.spanvault.processor.matching;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/** Reading OTLP attribute lists, which are key/value lists rather than maps. */
public final class Attributes {
    private Attributes() {
    }

    /** The value of the first attribute named {@code key} (as pdata reads it), or null. */
    public static AnyValue get(List<KeyValue> attributes, String key) {
        for (int i = 0, n = attributes.size(); i < n; i++) {
            KeyValue kv = attributes.get(i);
            if (kv.getKey().equals(key)) {
                return kv.getValue();
            }
        }
        return null;
    }
}
