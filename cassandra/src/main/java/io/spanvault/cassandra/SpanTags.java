package io.spanvault.cassandra;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code key=value} pairs a span is posted under in {@code tag_index}: every searchable attribute of the
 * span, its resource, scope, events and links, in one text form per type, and the tags Jaeger shows for
 * fields. A search looks up the forms a query's value may have been written in ({@link #valueForms}); every
 * candidate is then checked exactly, so a superset here only costs a wasted look.
 */
final class SpanTags {
    static final String SPAN_KIND = "span.kind";
    static final String STATUS_CODE = "otel.status_code";
    static final String SCOPE_NAME = "otel.scope.name";
    static final String SCOPE_VERSION = "otel.scope.version";
    static final String ERROR = "error";

    /** A tag as indexed. */
    record Tag(String key, String value) {
    }

    private SpanTags() {
    }

    static Set<Tag> of(SpanRow row) {
        Set<Tag> tags = new LinkedHashSet<>();
        add(tags, row.resource().getAttributesList());
        add(tags, row.scope().getAttributesList());
        Span span = row.span();
        add(tags, span.getAttributesList());
        for (Span.Event event : span.getEventsList()) {
            add(tags, event.getAttributesList());
        }
        for (Span.Link link : span.getLinksList()) {
            add(tags, link.getAttributesList());
        }
        if (!row.kind().isEmpty()) {
            tags.add(new Tag(SPAN_KIND, row.kind()));
        }
        if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            tags.add(new Tag(STATUS_CODE, "ERROR"));
            tags.add(new Tag(ERROR, "true"));
        } else if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_OK) {
            tags.add(new Tag(STATUS_CODE, "OK"));
        }
        if (!row.scope().getName().isEmpty()) {
            tags.add(new Tag(SCOPE_NAME, row.scope().getName()));
        }
        if (!row.scope().getVersion().isEmpty()) {
            tags.add(new Tag(SCOPE_VERSION, row.scope().getVersion()));
        }
        return tags;
    }

    private static void add(Set<Tag> tags, List<KeyValue> attributes) {
        for (KeyValue kv : attributes) {
            String text = text(kv.getValue());
            if (text != null) {
                tags.add(new Tag(kv.getKey(), text));
            }
        }
    }

    /** The indexed form of a value, or null for what a search cannot name (arrays, maps, bytes, empty). */
    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue() + 0.0);
            default -> null;
        };
    }

    /** The indexed forms a query's value may match: as written, as a boolean, an integer or a double. */
    static Set<String> valueForms(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            forms.add(lower);
        }
        try {
            forms.add(Long.toString(Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            // not an integer
        }
        try {
            double d = Double.parseDouble(value.strip());
            forms.add(Double.toString(d + 0.0));
        } catch (NumberFormatException e) {
            // not a number
        }
        return forms;
    }
}
