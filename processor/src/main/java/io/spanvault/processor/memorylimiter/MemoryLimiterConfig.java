package io.spanvault.processor.memorylimiter;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;

/**
 * The {@code memory_limiter} processor's config, with the collector's keys and rules. Limits are measured
 * against the JVM heap: {@code limit_mib}, or {@code limit_percentage} of the maximum heap ({@code -Xmx});
 * the spike limit defaults to 20% of the limit. Above {@code limit - spike} (the soft limit) data is refused;
 * above the limit (the hard limit) a GC is also forced. {@code check_interval} and a limit are required.
 */
public record MemoryLimiterConfig(Duration checkInterval, Long limitMib, Long spikeLimitMib, Long limitPercentage,
        Long spikeLimitPercentage, Duration minGcIntervalWhenSoftLimited, Duration minGcIntervalWhenHardLimited) {

    private static final long MIB = 1024L * 1024L;

    public MemoryLimiterConfig {
        checkInterval = checkInterval == null ? Duration.ZERO : checkInterval;
        limitMib = limitMib == null ? 0L : limitMib;
        spikeLimitMib = spikeLimitMib == null ? 0L : spikeLimitMib;
        limitPercentage = limitPercentage == null ? 0L : limitPercentage;
        spikeLimitPercentage = spikeLimitPercentage == null ? 0L : spikeLimitPercentage;
        minGcIntervalWhenSoftLimited = minGcIntervalWhenSoftLimited == null
                ? Duration.ofSeconds(10) : minGcIntervalWhenSoftLimited;
        minGcIntervalWhenHardLimited = minGcIntervalWhenHardLimited == null
                ? Duration.ZERO : minGcIntervalWhenHardLimited;
        nonNegative("check_interval", checkInterval.isNegative() ? -1 : 0);
        nonNegative("limit_mib", limitMib);
        nonNegative("spike_limit_mib", spikeLimitMib);
        nonNegative("limit_percentage", limitPercentage);
        nonNegative("spike_limit_percentage", spikeLimitPercentage);
        if (limitPercentage > 100 || spikeLimitPercentage > 100) {
            throw new InvalidConfigException(limitPercentage > 100 ? "limit_percentage" : "spike_limit_percentage",
                    "'limit_percentage' and 'spike_limit_percentage' must be greater than zero and less than or "
                            + "equal to hundred");
        }
        if (limitMib > 0 && limitMib <= spikeLimitMib) {
            throw new InvalidConfigException("spike_limit_mib", "'spike_limit_mib' must be smaller than 'limit_mib'");
        }
        if (limitPercentage > 0 && limitPercentage <= spikeLimitPercentage) {
            throw new InvalidConfigException("spike_limit_percentage",
                    "'spike_limit_percentage' must be smaller than 'limit_percentage'");
        }
        if (minGcIntervalWhenSoftLimited.compareTo(minGcIntervalWhenHardLimited) < 0) {
            throw new InvalidConfigException("min_gc_interval_when_soft_limited",
                    "'min_gc_interval_when_soft_limited' should be larger than 'min_gc_interval_when_hard_limited'");
        }
    }

    /** The checks for what is required, made when the processor is created (the default config has neither). */
    void requireSettings() {
        if (checkInterval.isZero()) {
            throw new InvalidConfigException("check_interval", "'check_interval' must be greater than zero");
        }
        if (limitMib == 0 && limitPercentage == 0) {
            throw new InvalidConfigException("limit_mib", "'limit_mib' or 'limit_percentage' must be greater than zero");
        }
    }

    /** The hard limit in bytes; {@code limit_mib} wins over {@code limit_percentage}, as in the collector. */
    long limitBytes(long maxHeapBytes) {
        return limitMib > 0 ? limitMib * MIB : limitPercentage * maxHeapBytes / 100;
    }

    /** The spike allowance in bytes: as configured, or 20% of the limit. */
    long spikeBytes(long maxHeapBytes) {
        long spike = limitMib > 0 ? spikeLimitMib * MIB : spikeLimitPercentage * maxHeapBytes / 100;
        return spike == 0 ? limitBytes(maxHeapBytes) / 5 : spike;
    }

    private static void nonNegative(String key, long value) {
        if (value < 0) {
            throw new InvalidConfigException(key, "must not be negative");
        }
    }
}
