package io.spanvault.processor.probabilisticsampler;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * The {@code probabilistic_sampler} processor's config for traces. Only the collector's {@code hash_seed}
 * mode is implemented; it is used whatever {@code hash_seed} is, so {@code mode} may only be
 * {@code hash_seed} (the collector picks {@code proportional} when neither {@code mode} nor a non-zero
 * {@code hash_seed} is set: with that config our decisions differ from the collector's). {@code fail_closed}
 * (default true) drops spans that cannot be hash-sampled.
 */
public record ProbabilisticSamplerConfig(Double samplingPercentage, Long hashSeed, String mode,
        Boolean failClosed) {
    /** The collector's smallest sampling probability, 2^-56. */
    private static final double MIN_PROBABILITY = 0x1p-56;

    public ProbabilisticSamplerConfig {
        samplingPercentage = samplingPercentage == null ? 0.0 : samplingPercentage;
        hashSeed = hashSeed == null ? 0L : hashSeed;
        mode = mode == null ? "hash_seed" : mode;
        failClosed = failClosed == null ? Boolean.TRUE : failClosed;
        double pct = samplingPercentage.floatValue();
        if (Double.isNaN(pct) || Double.isInfinite(pct)) {
            throw new InvalidConfigException("sampling_percentage", "sampling rate is invalid: " + samplingPercentage);
        }
        if (pct < 0) {
            throw new InvalidConfigException("sampling_percentage", "sampling rate is negative: " + samplingPercentage);
        }
        if (pct > 0 && pct / 100 < MIN_PROBABILITY) {
            throw new InvalidConfigException("sampling_percentage", "sampling rate is too small: " + samplingPercentage);
        }
        if (hashSeed < 0 || hashSeed > 0xFFFF_FFFFL) {
            throw new InvalidConfigException("hash_seed", "must be an unsigned 32-bit integer: " + hashSeed);
        }
        if (!mode.equals("hash_seed")) {
            throw new InvalidConfigException("mode", "'" + mode + "' is not supported: Spanvault implements "
                    + "only the hash_seed mode (equalizing and proportional are not implemented)");
        }
    }
}
