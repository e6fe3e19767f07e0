package io.spanvault.exporter.sending;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * {@code sending_queue}: requests are acknowledged once enqueued and sent by {@code num_consumers}
 * concurrent senders. {@code queue_size} counts requests. {@code storage} is where the collector names a
 * storage extension; here it is a directory, and setting it makes the queue persistent (it survives a
 * restart and {@code kill -9}). {@code fsync} (ours, default true) forces each enqueued request to disk
 * before it is acknowledged, so a power loss cannot lose it either; false still survives a process crash.
 */
public record QueueConfig(Boolean enabled, Integer numConsumers, Integer queueSize, String storage, Boolean fsync) {

    public QueueConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        numConsumers = numConsumers == null ? 10 : numConsumers;
        queueSize = queueSize == null ? 1000 : queueSize;
        fsync = fsync == null ? Boolean.TRUE : fsync;
        if (storage != null && storage.isBlank()) {
            storage = null;
        }
        if (enabled) {
            if (numConsumers <= 0) {
                throw new InvalidConfigException("num_consumers", "must be positive, got " + numConsumers);
            }
            if (queueSize <= 0) {
                throw new InvalidConfigException("queue_size", "must be positive, got " + queueSize);
            }
        }
    }

    public static QueueConfig defaults() {
        return new QueueConfig(null, null, null, null, null);
    }

    public static QueueConfig disabled() {
        return new QueueConfig(false, null, null, null, null);
    }

    public boolean persistent() {
        return storage != null;
    }
}
