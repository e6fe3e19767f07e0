package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.Locale;
import java.util.Objects;

/**
 * The consistency levels of reads and writes. Both default to {@code LOCAL_QUORUM}: a span is acknowledged
 * once a majority of its replicas in the local data center hold it, and a read asks a majority too, so every
 * acknowledged span is found even with one replica of three down (reads + writes overlap). {@code LOCAL_ONE}
 * reads are cheaper but may miss spans a lagging replica has not received yet.
 */
public record ConsistencyConfig(String read, String write) {
    public ConsistencyConfig {
        read = Objects.requireNonNullElse(read, "LOCAL_QUORUM");
        write = Objects.requireNonNullElse(write, "LOCAL_QUORUM");
        level("read", read);
        level("write", write);
    }

    public static ConsistencyConfig defaults() {
        return new ConsistencyConfig(null, null);
    }

    ConsistencyLevel readLevel() {
        return level("read", read);
    }

    ConsistencyLevel writeLevel() {
        return level("write", write);
    }

    private static ConsistencyLevel level(String key, String name) {
        try {
            DefaultConsistencyLevel level = DefaultConsistencyLevel.valueOf(name.toUpperCase(Locale.ROOT));
            if (level.isSerial()) {
                throw new InvalidConfigException(key, "serial levels are for lightweight transactions; use e.g."
                        + " LOCAL_QUORUM, got " + name);
            }
            return level;
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidConfigException) {
                throw e;
            }
            throw new InvalidConfigException(key, "unknown consistency level '" + name + "' (e.g. ONE, LOCAL_ONE,"
                    + " QUORUM, LOCAL_QUORUM, EACH_QUORUM, ALL)");
        }
    }
}
