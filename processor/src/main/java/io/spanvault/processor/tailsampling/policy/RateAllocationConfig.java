package io.spanvault.processor.tailsampling.policy;

import io.spanvault.pipeline.config.InvalidConfigException;

/** One {@code composite.rate_allocation} entry: {@code policy} gets {@code percent} of the total rate. */
public record RateAllocationConfig(String policy, Integer percent) {

    public RateAllocationConfig {
        percent = percent == null ? 0 : percent;
        if (policy == null || policy.isEmpty()) {
            throw new InvalidConfigException("policy", "must name a composite_sub_policy");
        }
        if (percent < 0 || percent > 100) {
            throw new InvalidConfigException("percent", "must be within 0..100, got " + percent);
        }
    }
}
