package io.spanvault.processor.tailsampling.policy;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import java.util.function.LongSupplier;

/** {@code and.and_sub_policy}: sampled only when every sub-policy samples (inverted samples count). */
public record AndConfig(List<PolicyConfig> andSubPolicy) {

    public AndConfig {
        andSubPolicy = andSubPolicy == null ? List.of() : List.copyOf(andSubPolicy);
        if (andSubPolicy.isEmpty()) {
            throw new InvalidConfigException("and_sub_policy", "must list at least one policy");
        }
        PolicyConfig.requireSimple(andSubPolicy, "and_sub_policy");
    }

    Policy policy(LongSupplier currentSecond) {
        List<Policy> subs = andSubPolicy.stream().map(p -> p.policy(currentSecond)).toList();
        return trace -> {
            for (Policy sub : subs) {
                Decision d = sub.evaluate(trace);
                if (d == Decision.NOT_SAMPLED || d == Decision.INVERT_NOT_SAMPLED) {
                    return Decision.NOT_SAMPLED;
                }
            }
            return Decision.SAMPLED;
        };
    }
}
