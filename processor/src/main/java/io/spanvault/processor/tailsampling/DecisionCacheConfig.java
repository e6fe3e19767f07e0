package io.spanvault.processor.tailsampling;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * {@code decision_cache}: how many trace ids of sampled / not sampled traces to remember (LRU) after their
 * decision left memory, so that later spans follow it; 0 (the default) keeps none.
 */
public record DecisionCacheConfig(Integer sampledCacheSize, Integer nonSampledCacheSize) {

    public DecisionCacheConfig {
        sampledCacheSize = sampledCacheSize == null ? 0 : sampledCacheSize;
        nonSampledCacheSize = nonSampledCacheSize == null ? 0 : nonSampledCacheSize;
        if (sampledCacheSize < 0) {
            throw new InvalidConfigException("sampled_cache_size", "must not be negative");
        }
        if (nonSampledCacheSize < 0) {
            throw new InvalidConfigException("non_sampled_cache_size", "must not be negative");
        }
    }
}
