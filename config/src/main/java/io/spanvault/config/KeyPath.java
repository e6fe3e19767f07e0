package io.spanvault.config;

import java.util.ArrayList;
import java.util.List;

/** Where a value sits in the config document, e.g. {@code receivers.otlp/2.protocols.grpc.endpoint}. */
public record KeyPath(List<String> segments) {
    public static final KeyPath ROOT = new KeyPath(List.of());

    public KeyPath {
        segments = List.copyOf(segments);
    }

    public static KeyPath of(String... segments) {
        return new KeyPath(List.of(segments));
    }

    public KeyPath child(String segment) {
        List<String> more = new ArrayList<>(segments.size() + 1);
        more.addAll(segments);
        more.add(segment);
        return new KeyPath(more);
    }

    /** This path followed by a dotted relative key such as {@code protocols.grpc.endpoint}. */
    public KeyPath resolve(String dottedKey) {
        KeyPath out = this;
        if (!dottedKey.isEmpty()) {
            for (String part : dottedKey.split("\\.")) {
                out = out.child(part);
            }
        }
        return out;
    }

    public KeyPath parent() {
        return segments.isEmpty() ? this : new KeyPath(segments.subList(0, segments.size() - 1));
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    @Override
    public String toString() {
        return segments.isEmpty() ? "(root)" : String.join(".", segments);
    }

    // Written out: a record's generated equals and hashCode link method handles the first time they run, which
    // for the ids and keys hashed while a config loads was a measurable part of start-up (bench/README).
    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPath path && segments.equals(path.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
