package io.spanvault.processor.tailsampling.policy;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.spanvault.pipeline.config.InvalidConfigException;

/** {@code boolean_attribute}: a bool attribute {@code key} equal to {@code value}, {@code invert_match}. */
public record BooleanAttributeConfig(String key, Boolean value, Boolean invertMatch) {

    public BooleanAttributeConfig {
        value = value != null && value;
        invertMatch = invertMatch != null && invertMatch;
        if (key == null || key.isEmpty()) {
            throw new InvalidConfigException("key", "must be set");
        }
    }

    Policy policy() {
        boolean wanted = value;
        return trace -> SpanConditions.byAttribute(trace, key, v -> v.getValueCase() == AnyValue.ValueCase.BOOL_VALUE
                && v.getBoolValue() == wanted, invertMatch);
    }
}
