package io.spanvault.processor.tailsampling.policy;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * {@code numeric_attribute}: an integer attribute {@code key} within {@code [min_value, max_value]} (either
 * bound may be left out, not both), {@code invert_match}.
 */
public record NumericAttributeConfig(String key, Long minValue, Long maxValue, Boolean invertMatch) {

    public NumericAttributeConfig {
        invertMatch = invertMatch != null && invertMatch;
        if (key == null || key.isEmpty()) {
            throw new InvalidConfigException("key", "must be set");
        }
        if (minValue == null && maxValue == null) {
            throw new InvalidConfigException("min_value", "min_value or max_value must be set");
        }
        if (minValue != null && maxValue != null && maxValue < minValue) {
            throw new InvalidConfigException("max_value", "must not be less than min_value");
        }
    }

    Policy policy() {
        long min = minValue == null ? Long.MIN_VALUE : minValue;
        long max = maxValue == null ? Long.MAX_VALUE : maxValue;
        return trace -> SpanConditions.byAttribute(trace, key, v -> v.getValueCase() == AnyValue.ValueCase.INT_VALUE
                && v.getIntValue() >= min && v.getIntValue() <= max, invertMatch);
    }
}
