package io.spanvault.processor.actions;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Map operations over an OTLP attribute list. Reads go to the original list; the first edit copies it, so
 * spans that no action changes cost no copy. Lists are short, so lookups scan. {@link #changed()} says
 * whether to write {@link #entries()} back.
 */
public final class AttributeMap {
    private List<KeyValue> entries;
    private boolean changed;

    public AttributeMap(List<KeyValue> attributes) {
        this.entries = attributes;
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
        List<KeyValue> editable = editable();
        if (i >= 0) {
            editable.set(i, kv);
        } else {
            editable.add(kv);
        }
    }

    public void remove(String key) {
        if (contains(key)) {
            editable().removeIf(kv -> kv.getKey().equals(key));
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

    private List<KeyValue> editable() {
        if (!changed) {
            entries = new ArrayList<>(entries);
            changed = true;
        }
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
