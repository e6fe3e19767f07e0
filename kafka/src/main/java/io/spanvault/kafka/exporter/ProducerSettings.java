package io.spanvault.kafka.exporter;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code producer}, with the Collector's keys and defaults: {@code max_message_bytes} (1000000, before
 * compression), {@code required_acks} (1; 0, 1, -1 or {@code all}), {@code compression} ({@code none},
 * {@code gzip}, {@code snappy}, {@code lz4}, {@code zstd}), {@code compression_params.level} (-1: the codec's
 * default), {@code linger} (10ms) and {@code allow_auto_topic_creation} (true).
 */
public record ProducerSettings(Integer maxMessageBytes, String requiredAcks, String compression,
        CompressionParams compressionParams, Duration linger, Boolean allowAutoTopicCreation) {

    /** {@code compression_params}: the codec's level, -1 for its default. */
    public record CompressionParams(Integer level) {
        public CompressionParams {
            level = level == null ? -1 : level;
        }
    }

    public ProducerSettings {
        maxMessageBytes = maxMessageBytes == null ? 1_000_000 : maxMessageBytes;
        requiredAcks = acks(requiredAcks);
        compression = compression == null || compression.isBlank() ? "none" : compression.trim().toLowerCase(Locale.ROOT);
        compressionParams = compressionParams == null ? new CompressionParams(null) : compressionParams;
        linger = linger == null ? Duration.ofMillis(10) : linger;
        allowAutoTopicCreation = allowAutoTopicCreation == null ? Boolean.TRUE : allowAutoTopicCreation;
        if (maxMessageBytes <= 0) {
            throw new InvalidConfigException("max_message_bytes", "must be positive, got " + maxMessageBytes);
        }
        switch (compression) {
            case "none", "gzip", "snappy", "lz4", "zstd" -> {
            }
            default -> throw new InvalidConfigException("compression", "'" + compression
                    + "' is not supported; use none, gzip, snappy, lz4 or zstd");
        }
        if (linger.isNegative()) {
            throw new InvalidConfigException("linger", "must not be negative");
        }
    }

    public static ProducerSettings defaults() {
        return new ProducerSettings(null, null, null, null, null, null);
    }

    /** The Java client's {@code acks}: {@code all} stands for -1 as in the Collector. */
    private static String acks(String value) {
        if (value == null || value.isBlank()) {
            return "1";
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "0", "1" -> v;
            case "-1", "all" -> "all";
            default -> throw new InvalidConfigException("required_acks", "expected 'all' (-1), 0 or 1, got '"
                    + value + "'");
        };
    }

    /** This section's producer properties. */
    void putInto(Map<String, Object> props) {
        props.put("acks", requiredAcks);
        // The idempotent producer needs acks=all; with 0 or 1 the Java client refuses to start unless it is off.
        props.put("enable.idempotence", requiredAcks.equals("all"));
        props.put("max.request.size", maxMessageBytes);
        props.put("compression.type", compression);
        int level = compressionParams.level();
        if (level != -1 && (compression.equals("gzip") || compression.equals("zstd") || compression.equals("lz4"))) {
            props.put("compression." + compression + ".level", level);
        }
        props.put("linger.ms", (int) linger.toMillis());
        // allow_auto_topic_creation has no producer setting in the Java client: the broker's
        // auto.create.topics.enable decides.
    }
}
