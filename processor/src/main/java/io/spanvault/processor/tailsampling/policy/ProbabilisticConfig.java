package io.spanvault.processor.tailsampling.policy;

import com.google.protobuf.ByteString;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * {@code probabilistic}: {@code sampling_percentage} of traces, chosen as the collector does: FNV-1a (64 bit)
 * over {@code hash_salt} (default {@code default-hash-seed}) followed by the 16 trace id bytes, sampled when
 * at most {@code percentage / 100 × 2^64-1}. The same salt gives the same decisions as the collector's.
 */
public record ProbabilisticConfig(String hashSalt, Double samplingPercentage) {
    private static final long FNV64_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV64_PRIME = 0x100000001b3L;
    private static final BigDecimal MAX_UINT64 = new BigDecimal("18446744073709551615");

    public ProbabilisticConfig {
        hashSalt = hashSalt == null || hashSalt.isEmpty() ? "default-hash-seed" : hashSalt;
        samplingPercentage = samplingPercentage == null ? 0.0 : samplingPercentage;
        if (samplingPercentage.isNaN() || samplingPercentage < 0) {
            throw new InvalidConfigException("sampling_percentage", "must be between 0 and 100");
        }
    }

    static long threshold(double percentage) {
        double ratio = percentage / 100;
        if (ratio >= 1) {
            return -1L;
        }
        return MAX_UINT64.multiply(new BigDecimal(ratio)).toBigInteger().longValue();
    }

    static long hash(byte[] salt, ByteString traceId) {
        long h = FNV64_OFFSET;
        for (byte b : salt) {
            h = (h ^ (b & 0xff)) * FNV64_PRIME;
        }
        for (int i = 0; i < traceId.size(); i++) {
            h = (h ^ (traceId.byteAt(i) & 0xff)) * FNV64_PRIME;
        }
        return h;
    }

    Policy policy() {
        long threshold = threshold(samplingPercentage);
        byte[] salt = hashSalt.getBytes(StandardCharsets.UTF_8);
        return trace -> Long.compareUnsigned(hash(salt, trace.traceId()), threshold) <= 0
                ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }
}
