package io.spanvault.processor.tailsampling.policy;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code drop.drop_sub_policy}: when every sub-policy samples, the trace is dropped whatever other policies
 * vote; otherwise this policy votes not sampled.
 */
public record DropConfig(List<PolicyConfig> dropSubPolicy) {

    public DropConfig {
        dropSubPolicy = dropSubPolicy == null ? List.of() : List.copyOf(dropSubPolicy);
        if (dropSubPolicy.isEmpty()) {
            throw new InvalidConfigException("drop_sub_policy", "must list at least one policy");
        }
        PolicyConfig.requireSimple(dropSubPolicy, "drop_sub_policy");
    }

    Policy policy(LongSupplier currentSecond) {
        List<Policy> subs = dropSubPolicy.stream().map(p -> p.policy(currentSecond)).toList();
        return trace -> {
            for (Policy sub : subs) {
                Decision d = sub.evaluate(trace);
                if (d == Decision.NOT_SAMPLED || d == Decision.INVERT_NOT_SAMPLED) {
                    return Decision.NOT_SAMPLED;
                }
            }
            return Decision.DROPPED;
        };
    }
}
