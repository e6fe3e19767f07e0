package io.spanvault.processor.actions;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;

/**
 * An editable copy of an OTLP attribute list with map operations. Lists are short, so lookups scan; the
 * copy is only made by the caller when actions apply, and {@link #changed()} says whether to write it back.
 */
public final class AttributeMap {
    private final List<KeyValue> entries;
    private boolean changed;

    public AttributeMap(List<KeyValue> attributes) {
        this.entries = new ArrayList<>(attributes);
    }

    public AnyValue get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : entries.get(i).getValue();
    }

    public boolean contains(String key) {
        return indexOf(key) >= 0;
    }

    /** Sets the value of {@code key}, in place when present, else appended. */
    public void put(String key, AnyValue value) {
        KeyValue kv = KeyValue.newBuilder().setKey(key).setValue(value).build();
        int i = indexOf(key);
        if (i >= 0) {
            entries.set(i, kv);
        } else {
            entries.add(kv);
        }
        changed = true;
    }

    public void remove(String key) {
        if (entries.removeIf(kv -> kv.getKey().equals(key))) {
            changed = true;
        }
    }

    /** A snapshot of the keys, safe to iterate while editing. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(entries.size());
        for (KeyValue kv : entries) {
            keys.add(kv.getKey());
        }
        return keys;
    }

    public boolean changed() {
        return changed;
    }

    public List<KeyValue> entries() {
        return entries;
    }

    private int indexOf(String key) {
        for (int i = 0, n = entries.size(); i < n; i++) {
            if (entries.get(i).getKey().equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
