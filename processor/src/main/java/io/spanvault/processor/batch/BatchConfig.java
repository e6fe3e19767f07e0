package io.spanvault.processor.batch;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;

/**
 * The {@code batch} processor's config, as the collector's: a batch is sent once it holds
 * {@code send_batch_size} items or {@code timeout} after its first item arrived, whichever comes first;
 * {@code send_batch_max_size} (0 = no cap) bounds how many items one batch may hold, splitting larger inputs.
 * A timeout of 0 sends every input at once (still split by the cap).
 *
 * <p>{@code flush_when_idle} (Spanvault's, default true) also sends what is pending whenever none of this
 * processor's batches is waiting downstream: at once when the next consumer is idle, else as soon as the
 * batch in flight was accepted. Callers wait for their data to be accepted downstream (the store wrote it),
 * unlike the collector's, which answers on entering the batch; without this they would wait for the timeout.
 * Set it to false for batches formed by size and timeout only, at the price of callers waiting for them.
 */
public record BatchConfig(Integer sendBatchSize, Duration timeout, Integer sendBatchMaxSize, Boolean flushWhenIdle) {
    public static final int DEFAULT_SEND_BATCH_SIZE = 8192;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);

    public BatchConfig {
        sendBatchSize = sendBatchSize == null ? DEFAULT_SEND_BATCH_SIZE : sendBatchSize;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        sendBatchMaxSize = sendBatchMaxSize == null ? 0 : sendBatchMaxSize;
        flushWhenIdle = flushWhenIdle == null ? Boolean.TRUE : flushWhenIdle;
        if (sendBatchSize < 0) {
            throw new InvalidConfigException("send_batch_size", "must not be negative, got " + sendBatchSize);
        }
        if (timeout.isNegative()) {
            throw new InvalidConfigException("timeout", "must not be negative");
        }
        if (sendBatchMaxSize < 0) {
            throw new InvalidConfigException("send_batch_max_size", "must not be negative, got " + sendBatchMaxSize);
        }
        if (sendBatchMaxSize > 0 && sendBatchMaxSize < sendBatchSize) {
            throw new InvalidConfigException("send_batch_max_size", "must be 0 or at least send_batch_size ("
                    + sendBatchSize + "), got " + sendBatchMaxSize);
        }
    }
}
