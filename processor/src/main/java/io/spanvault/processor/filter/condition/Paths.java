package io.spanvault.processor.filter.condition;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.otlp.Attributes;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The OTTL paths the subset knows, per context, as operands reading an {@link Item}. */
final class Paths {
    private static final String[] KIND_STRINGS = {"Unspecified", "Internal", "Server", "Client", "Producer",
        "Consumer"};

    private static final Map<String, Function<Span, Object>> SPAN_FIELDS = Map.ofEntries(
            Map.entry("name", Span::getName),
            Map.entry("kind", s -> (long) s.getKindValue()),
            Map.entry("kind.string", s -> kindString(s.getKindValue())),
            Map.entry("kind.deprecated_string", s -> s.getKind() == Span.SpanKind.UNRECOGNIZED ? "" : s.getKind().name()),
            Map.entry("status.code", s -> (long) s.getStatus().getCodeValue()),
            Map.entry("status.message", s -> s.getStatus().getMessage()),
            Map.entry("trace_id.string", s -> hex(s.getTraceId())),
            Map.entry("span_id.string", s -> hex(s.getSpanId())),
            Map.entry("parent_span_id.string", s -> hex(s.getParentSpanId())),
            Map.entry("trace_state", Span::getTraceState),
            Map.entry("start_time_unix_nano", Span::getStartTimeUnixNano),
            Map.entry("end_time_unix_nano", Span::getEndTimeUnixNano),
            Map.entry("dropped_attributes_count", s -> (long) s.getDroppedAttributesCount()),
            Map.entry("dropped_events_count", s -> (long) s.getDroppedEventsCount()),
            Map.entry("dropped_links_count", s -> (long) s.getDroppedLinksCount()));

    private static final Map<String, Function<Span.Event, Object>> EVENT_FIELDS = Map.of(
            "name", Span.Event::getName,
            "time_unix_nano", Span.Event::getTimeUnixNano,
            "dropped_attributes_count", e -> (long) e.getDroppedAttributesCount());

    private Paths() {
    }

    /**
     * The operand for a path such as {@code resource.attributes} with keys {@code ["service.name"]}; throws
     * naming the path when the subset does not know it.
     */
    static Operand resolve(ConditionContext context, List<String> names, List<Object> keys) {
        String path = String.join(".", names);
        Operand base = base(context, path);
        if (base == null) {
            throw new ConditionSyntaxException("unknown or unsupported path '" + path + "'");
        }
        boolean isMap = path.endsWith("attributes");
        if (isMap && keys.isEmpty()) {
            throw new ConditionSyntaxException("path '" + path + "' needs a key, e.g. " + path + "[\"key\"]");
        }
        if (!isMap && !keys.isEmpty()) {
            throw new ConditionSyntaxException("path '" + path + "' cannot be indexed");
        }
        if (keys.isEmpty()) {
            return base;
        }
        return item -> {
            Object value = base.value(item);
            for (Object key : keys) {
                value = index(value, key);
            }
            return value;
        };
    }

    private static Operand base(ConditionContext context, String path) {
        if (path.startsWith("resource.")) {
            return path.equals("resource.attributes") ? item -> map(item.resource().getAttributesList()) : null;
        }
        if (path.startsWith("instrumentation_scope.")) {
            return switch (path) {
                case "instrumentation_scope.name" -> item -> item.scope().getName();
                case "instrumentation_scope.version" -> item -> item.scope().getVersion();
                case "instrumentation_scope.attributes" -> item -> map(item.scope().getAttributesList());
                default -> null;
            };
        }
        if (context == ConditionContext.SPAN) {
            return spanPath(path.startsWith("span.") ? path.substring(5) : path);
        }
        if (path.startsWith("span.")) {
            return spanPath(path.substring(5));
        }
        String eventPath = path.startsWith("spanevent.") ? path.substring(10) : path;
        if (eventPath.equals("attributes")) {
            return item -> map(item.event().getAttributesList());
        }
        Function<Span.Event, Object> field = EVENT_FIELDS.get(eventPath);
        return field == null ? null : item -> field.apply(item.event());
    }

    private static Operand spanPath(String path) {
        if (path.equals("attributes")) {
            return item -> map(item.span().getAttributesList());
        }
        Function<Span, Object> field = SPAN_FIELDS.get(path);
        return field == null ? null : item -> field.apply(item.span());
    }

    /** Attribute lists are looked up lazily: the operand stands for the list until a key selects a value. */
    private static Object map(List<KeyValue> attributes) {
        return attributes;
    }

    @SuppressWarnings("unchecked")
    private static Object index(Object container, Object key) {
        if (container instanceof List<?> list && key instanceof String k) {
            AnyValue v = Attributes.get((List<KeyValue>) list, k);
            return v == null ? null : raw(v);
        }
        if (container instanceof AnyValue any) {
            if (any.hasKvlistValue() && key instanceof String k) {
                AnyValue v = Attributes.get(any.getKvlistValue().getValuesList(), k);
                return v == null ? null : raw(v);
            }
            if (any.hasArrayValue() && key instanceof Long n && n >= 0 && n < any.getArrayValue().getValuesCount()) {
                return raw(any.getArrayValue().getValues(n.intValue()));
            }
        }
        return null;
    }

    /** An attribute value as OTTL sees it. */
    static Object raw(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BOOL_VALUE -> v.getBoolValue();
            case BYTES_VALUE -> v.getBytesValue();
            case ARRAY_VALUE, KVLIST_VALUE -> v;
            default -> null;
        };
    }

    private static String kindString(int kind) {
        return kind >= 0 && kind < KIND_STRINGS.length ? KIND_STRINGS[kind] : "";
    }

    private static String hex(ByteString id) {
        return id.isEmpty() ? "" : HexFormat.of().formatHex(id.toByteArray());
    }
}
