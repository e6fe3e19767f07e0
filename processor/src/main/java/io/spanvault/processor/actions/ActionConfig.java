package io.spanvault.processor.actions;

import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.processor.matching.AnyValues;
import io.spanvault.processor.matching.GoRegex;
import java.util.Locale;

/**
 * One entry of an {@code actions} (attributes processor) or {@code attributes} (resource processor) list,
 * with the collector's keys and rules: which fields each action needs and which it must not have.
 * {@code from_context} is refused: Spanvault's receivers do not carry client metadata down the pipeline.
 */
public record ActionConfig(String key, Object value, String pattern, String fromAttribute, String fromContext,
        String convertedType, String action) {

    public ActionConfig {
        key = key == null ? "" : key;
        pattern = pattern == null ? "" : pattern;
        fromAttribute = fromAttribute == null ? "" : fromAttribute;
        fromContext = fromContext == null ? "" : fromContext;
        convertedType = convertedType == null ? "" : convertedType;
        if (!fromContext.isEmpty()) {
            throw new InvalidConfigException("from_context", "is not supported: Spanvault receivers do not pass "
                    + "client metadata or auth data to processors; use value or from_attribute");
        }
        ActionKind kind = kindOf(action);
        int sources = (value != null ? 1 : 0) + (fromAttribute.isEmpty() ? 0 : 1);
        switch (kind) {
            case DELETE, HASH -> {
                if (key.isEmpty() && pattern.isEmpty()) {
                    throw new InvalidConfigException("key", "at least one of \"key\" and \"pattern\" is required "
                            + "for action " + kind.configName());
                }
                if (sources > 0) {
                    throw new InvalidConfigException(value != null ? "value" : "from_attribute",
                            "action " + kind.configName() + " does not use \"value\" or \"from_attribute\"");
                }
                noConvertedType(kind, convertedType);
                if (!pattern.isEmpty()) {
                    compile(pattern);
                }
            }
            case INSERT, UPDATE, UPSERT -> {
                requireKey(kind, key);
                if (sources == 0) {
                    throw new InvalidConfigException("value", "either \"value\" or \"from_attribute\" must be set "
                            + "for action " + kind.configName());
                }
                if (sources > 1) {
                    throw new InvalidConfigException("from_attribute", "only one of \"value\" and "
                            + "\"from_attribute\" may be set");
                }
                if (!pattern.isEmpty()) {
                    throw new InvalidConfigException("pattern", "action " + kind.configName()
                            + " does not use \"pattern\"");
                }
                noConvertedType(kind, convertedType);
                if (value != null) {
                    try {
                        AnyValues.fromConfig(value);
                    } catch (RuntimeException e) {
                        throw new InvalidConfigException("value", e.getMessage());
                    }
                }
            }
            case EXTRACT -> {
                requireKey(kind, key);
                if (sources > 0) {
                    throw new InvalidConfigException(value != null ? "value" : "from_attribute",
                            "action extract does not use a value source");
                }
                if (pattern.isEmpty()) {
                    throw new InvalidConfigException("pattern", "is required for action extract");
                }
                noConvertedType(kind, convertedType);
                GoRegex regex = compile(pattern);
                if (regex.groupNames().isEmpty()) {
                    throw new InvalidConfigException("pattern", "contains no named matcher groups");
                }
                if (regex.groupNames().contains(null)) {
                    throw new InvalidConfigException("pattern", "contains at least one unnamed matcher group");
                }
            }
            case CONVERT -> {
                requireKey(kind, key);
                if (sources > 0 || !pattern.isEmpty()) {
                    throw new InvalidConfigException(!pattern.isEmpty() ? "pattern" : "value",
                            "action convert does not use value sources or \"pattern\"");
                }
                if (convertedType.isEmpty()) {
                    throw new InvalidConfigException("converted_type", "is required for action convert: "
                            + "int, double or string");
                }
                if (!convertedType.equals("int") && !convertedType.equals("double")
                        && !convertedType.equals("string")) {
                    throw new InvalidConfigException("converted_type", "invalid value \"" + convertedType
                            + "\": use int, double or string");
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** The action, parsed (upper and lower case are both accepted, as in the collector). */
    public ActionKind kind() {
        return kindOf(action);
    }

    private static ActionKind kindOf(String action) {
        if (action == null || action.isEmpty()) {
            throw new InvalidConfigException("action", "is required: insert, update, upsert, delete, hash, "
                    + "extract or convert");
        }
        try {
            return ActionKind.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("action", "unsupported action \"" + action + "\": use insert, update, "
                    + "upsert, delete, hash, extract or convert");
        }
    }

    private static void requireKey(ActionKind kind, String key) {
        if (key.isEmpty()) {
            throw new InvalidConfigException("key", "is required for action " + kind.configName());
        }
    }

    private static void noConvertedType(ActionKind kind, String convertedType) {
        if (!convertedType.isEmpty()) {
            throw new InvalidConfigException("converted_type", "action " + kind.configName()
                    + " does not use \"converted_type\"");
        }
    }

    static GoRegex compile(String pattern) {
        try {
            return GoRegex.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("pattern", e.getMessage());
        }
    }
}
