package io.spanvault.storage.chronicle;

import java.util.Locale;

/**
 * When the store asks the kernel to put written spans on the disk (fsync). Every policy survives a crash of
 * the process ({@code kill -9}): written bytes sit in the kernel's page cache, which outlives the process.
 * They differ in what survives a crash of the machine (power loss, kernel panic).
 */
public enum SyncPolicy {
    /** Never fsync; the kernel writes back on its own (typically within 30 s). Power loss may lose that much. */
    NONE,
    /** fsync every {@code sync_interval}; power loss may lose up to one interval of acknowledged spans. */
    INTERVAL,
    /** fsync before {@code write} returns; acknowledged spans survive power loss, at a large cost in throughput. */
    EVERY_WRITE;

    /** Parses the config spelling: {@code none}, {@code interval}, {@code every_write}. */
    public static SyncPolicy parse(String text) {
        for (SyncPolicy p : values()) {
            if (p.configName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a sync policy (none, interval, every_write)");
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
