package io.spanvault.storage.chronicle;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A partition: the hour its spans start in (hours since the epoch, UTC) and a generation, for when one hour
 * holds more traces than one partition was sized for. Its directory is named {@code 2026-11-26T13.g0}.
 */
record PartitionId(long hour, int generation) implements Comparable<PartitionId> {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    String directoryName() {
        return HOUR.format(Instant.ofEpochSecond(hour * 3600)) + ".g" + generation;
    }

    static Optional<PartitionId> parse(String directoryName) {
        int dot = directoryName.lastIndexOf(".g");
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            long seconds = java.time.LocalDateTime.parse(directoryName.substring(0, dot) + ":00")
                    .toEpochSecond(ZoneOffset.UTC);
            return Optional.of(new PartitionId(seconds / 3600, Integer.parseInt(directoryName.substring(dot + 2))));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The first nanosecond after this partition's hour. */
    long endNanos() {
        return (hour + 1) * ChunkAssembler.HOUR_NANOS;
    }

    @Override
    public int compareTo(PartitionId o) {
        int c = Long.compare(hour, o.hour);
        return c != 0 ? c : Integer.compare(generation, o.generation);
    }
}
