package io.spanvault.processor.tailsampling.policy;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.processor.matching.GoRegex;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code string_attribute}: {@code key}, {@code values} (exact, or RE2 regular expressions matching anywhere
 * when {@code enabled_regex_matching}), {@code invert_match}. Only string values match. {@code cache_max_size}
 * (the collector's LRU of regex results) is accepted and has no effect: each value is matched directly.
 */
public record StringAttributeConfig(String key, List<String> values, Boolean enabledRegexMatching,
        Integer cacheMaxSize, Boolean invertMatch) {

    public StringAttributeConfig {
        values = values == null ? List.of() : List.copyOf(values);
        enabledRegexMatching = enabledRegexMatching != null && enabledRegexMatching;
        invertMatch = invertMatch != null && invertMatch;
        if (key == null || key.isEmpty()) {
            throw new InvalidConfigException("key", "must be set");
        }
        if (values.isEmpty()) {
            throw new InvalidConfigException("values", "must list at least one value");
        }
        if (cacheMaxSize != null && cacheMaxSize < 0) {
            throw new InvalidConfigException("cache_max_size", "must not be negative");
        }
        if (enabledRegexMatching) {
            for (int i = 0; i < values.size(); i++) {
                try {
                    GoRegex.compile(values.get(i));
                } catch (RuntimeException e) {
                    throw new InvalidConfigException("values." + i, "invalid regular expression: " + e.getMessage());
                }
            }
        }
    }

    Policy policy() {
        Predicate<String> matches;
        if (enabledRegexMatching) {
            List<GoRegex> patterns = values.stream().map(GoRegex::compile).toList();
            matches = text -> patterns.stream().anyMatch(p -> p.find(text));
        } else {
            Set<String> exact = Set.copyOf(values);
            matches = exact::contains;
        }
        Predicate<AnyValue> onValue = v -> v.getValueCase() == AnyValue.ValueCase.STRING_VALUE
                && matches.test(v.getStringValue());
        return trace -> SpanConditions.byAttribute(trace, key, onValue, invertMatch);
    }
}
