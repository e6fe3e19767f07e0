package io.spanvault.processor.actions;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.spanvault.processor.matching.AnyValues;
import io.spanvault.processor.matching.GoRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** A compiled list of attribute actions, applied in order to one attribute map at a time. Thread-safe. */
public final class AttributeActions {

    private record Compiled(ActionKind kind, String key, AnyValue value, String fromAttribute, GoRegex regex,
            String convertedType) {
    }

    private final List<Compiled> actions;

    private AttributeActions(List<Compiled> actions) {
        this.actions = actions;
    }

    public static AttributeActions compile(List<ActionConfig> configs) {
        List<Compiled> out = new ArrayList<>(configs.size());
        for (ActionConfig c : configs) {
            out.add(new Compiled(c.kind(), c.key(), c.value() == null ? null : AnyValues.fromConfig(c.value()),
                    c.fromAttribute(), c.pattern().isEmpty() ? null : ActionConfig.compile(c.pattern()),
                    c.convertedType()));
        }
        return new AttributeActions(List.copyOf(out));
    }

    public void apply(AttributeMap attributes) {
        for (Compiled a : actions) {
            switch (a.kind()) {
                case INSERT -> {
                    AnyValue v = source(a, attributes);
                    if (v != null && !attributes.contains(a.key())) {
                        attributes.put(a.key(), v);
                    }
                }
                case UPDATE -> {
                    AnyValue v = source(a, attributes);
                    if (v != null && attributes.contains(a.key())) {
                        attributes.put(a.key(), v);
                    }
                }
                case UPSERT -> {
                    AnyValue v = source(a, attributes);
                    if (v != null) {
                        attributes.put(a.key(), v);
                    }
                }
                case DELETE -> {
                    attributes.remove(a.key());
                    for (String k : matchingKeys(a.regex(), attributes)) {
                        attributes.remove(k);
                    }
                }
                case HASH -> {
                    // As in the collector, a key that also matches the pattern is hashed twice.
                    hash(a.key(), attributes);
                    for (String k : matchingKeys(a.regex(), attributes)) {
                        hash(k, attributes);
                    }
                }
                case EXTRACT -> extract(a, attributes);
                case CONVERT -> {
                    AnyValue v = attributes.get(a.key());
                    if (v != null) {
                        AnyValue converted = ValueConversion.convert(v, a.convertedType());
                        if (converted != v) {
                            attributes.put(a.key(), converted);
                        }
                    }
                }
                default -> throw new IllegalStateException(a.kind().name());
            }
        }
    }

    private static AnyValue source(Compiled a, AttributeMap attributes) {
        return a.value() != null ? a.value() : attributes.get(a.fromAttribute());
    }

    private static List<String> matchingKeys(GoRegex regex, AttributeMap attributes) {
        if (regex == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (String k : attributes.keys()) {
            if (regex.find(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static void hash(String key, AttributeMap attributes) {
        AnyValue v = attributes.get(key);
        if (v != null) {
            attributes.put(key, AnyValues.ofString(AttributeHash.sha256Hex(v)));
        }
    }

    private static void extract(Compiled a, AttributeMap attributes) {
        AnyValue v = attributes.get(a.key());
        if (v == null || v.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
            return;
        }
        Matcher m = a.regex().pattern().matcher(v.getStringValue());
        if (!m.find()) {
            return;
        }
        List<String> names = a.regex().groupNames();
        for (int g = 0; g < names.size(); g++) {
            String text = m.group(g + 1);
            attributes.put(names.get(g), AnyValues.ofString(text == null ? "" : text));
        }
    }
}
