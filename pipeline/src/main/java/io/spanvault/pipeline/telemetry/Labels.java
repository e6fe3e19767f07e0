package io.spanvault.pipeline.telemetry;

import java.util.List;

/** The label names and values of one series, in the order given: {@code receiver="otlp", transport="grpc"}. */
public record Labels(List<String> namesAndValues) {
    public static final Labels NONE = new Labels(List.of());

    public Labels {
        if (namesAndValues.size() % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs: " + namesAndValues);
        }
        namesAndValues = List.copyOf(namesAndValues);
    }

    public static Labels of(String... namesAndValues) {
        return new Labels(List.of(namesAndValues));
    }

    public int size() {
        return namesAndValues.size() / 2;
    }

    public String name(int i) {
        return namesAndValues.get(2 * i);
    }

    public String value(int i) {
        return namesAndValues.get(2 * i + 1);
    }

    /** These labels followed by one more pair. */
    public Labels and(String name, String value) {
        String[] more = namesAndValues.toArray(new String[namesAndValues.size() + 2]);
        more[more.length - 2] = name;
        more[more.length - 1] = value;
        return of(more);
    }

    // Written out: a record's generated equals and hashCode link method handles the first time they run, which
    // for the ids and keys hashed while a config loads was a measurable part of start-up (bench/README).
    @Override
    public boolean equals(Object other) {
        return other instanceof Labels labels && namesAndValues.equals(labels.namesAndValues);
    }

    @Override
    public int hashCode() {
        return namesAndValues.hashCode();
    }
}
