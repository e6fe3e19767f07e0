package io.spanvault.processor.tailsampling.policy;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One entry of {@code policies} (or of a sub-policy list): {@code name}, {@code type}, and the section named
 * by the type holding its settings. A section for another type than {@code type} is an error, as is a type
 * whose settings are required but missing.
 */
public record PolicyConfig(String name, String type, LatencyConfig latency, StatusCodeConfig statusCode,
        StringAttributeConfig stringAttribute, NumericAttributeConfig numericAttribute,
        BooleanAttributeConfig booleanAttribute, ProbabilisticConfig probabilistic, RateLimitingConfig rateLimiting,
        SpanCountConfig spanCount, TraceStateConfig traceState, AndConfig and, CompositeConfig composite,
        DropConfig drop) {

    static final Set<String> TYPES = Set.of("always_sample", "latency", "status_code", "string_attribute",
            "numeric_attribute", "boolean_attribute", "probabilistic", "rate_limiting", "span_count", "trace_state",
            "and", "composite", "drop");

    public PolicyConfig {
        if (name == null || name.isEmpty()) {
            throw new InvalidConfigException("name", "must be set");
        }
        if (type == null || !TYPES.contains(type)) {
            throw new InvalidConfigException("type", "'" + type + "' is not a policy type; use one of "
                    + new java.util.TreeSet<>(TYPES));
        }
        Object[] sections = {latency, statusCode, stringAttribute, numericAttribute, booleanAttribute, probabilistic,
            rateLimiting, spanCount, traceState, and, composite, drop};
        String[] keys = {"latency", "status_code", "string_attribute", "numeric_attribute", "boolean_attribute",
            "probabilistic", "rate_limiting", "span_count", "trace_state", "and", "composite", "drop"};
        for (int i = 0; i < sections.length; i++) {
            if (sections[i] != null && !keys[i].equals(type)) {
                throw new InvalidConfigException(keys[i], "is set but the policy's type is " + type);
            }
        }
        boolean optional = Set.of("always_sample", "latency", "span_count", "probabilistic").contains(type);
        if (!optional && java.util.Arrays.stream(sections).allMatch(java.util.Objects::isNull)) {
            throw new InvalidConfigException(type, "must be set for a policy of type " + type);
        }
    }

    /** The sub-policies of {@code and} and {@code drop} may not nest {@code and}, {@code composite} or {@code drop}. */
    static void requireSimple(List<PolicyConfig> subs, String key) {
        for (int i = 0; i < subs.size(); i++) {
            String t = subs.get(i).type();
            if (t.equals("and") || t.equals("composite") || t.equals("drop")) {
                throw new InvalidConfigException(key + "." + i + ".type", "'" + t + "' cannot be a sub-policy here");
            }
        }
    }

    /** The policy; {@code currentSecond} is the wall-clock second the rate limits count in. */
    public Policy policy(LongSupplier currentSecond) {
        return switch (type) {
            case "always_sample" -> trace -> Decision.SAMPLED;
            case "latency" -> (latency == null ? new LatencyConfig(null, null) : latency).policy();
            case "status_code" -> statusCode.policy();
            case "string_attribute" -> stringAttribute.policy();
            case "numeric_attribute" -> numericAttribute.policy();
            case "boolean_attribute" -> booleanAttribute.policy();
            case "probabilistic" -> (probabilistic == null ? new ProbabilisticConfig(null, null) : probabilistic)
                    .policy();
            case "rate_limiting" -> rateLimiting.policy(currentSecond);
            case "span_count" -> (spanCount == null ? new SpanCountConfig(null, null) : spanCount).policy();
            case "trace_state" -> traceState.policy();
            case "and" -> and.policy(currentSecond);
            case "composite" -> composite.policy(currentSecond);
            case "drop" -> drop.policy(currentSecond);
            default -> throw new IllegalStateException("unknown policy type " + type);
        };
    }
}
