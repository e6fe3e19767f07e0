package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a partition directory says about itself, each in a small file written once when it is built: its
 * format {@code version} (as Tempo's {@code BlockMeta.Version}: a reader knows what it opens instead of
 * guessing from the files present), its lane count and its capacity in traces.
 *
 * <p>A partition without a {@code format} file was written before versions existed, in the layout of version
 * 1. One without a {@code lanes} file but with a {@code capacity} file is older still: one lane, its files
 * directly in the partition directory ({@code legacyLayout}).
 *
 * @param version      the format version
 * @param lanes        the lanes the partition was created with
 * @param capacity     the traces it was sized for (all lanes together)
 * @param legacyLayout its files are directly in the partition directory rather than in {@code lane-N/}
 */
record PartitionFormat(int version, int lanes, long capacity, boolean legacyLayout) {
    /**
     * The format this build writes. Bump it when the files change. Version 2 (store v2): fixed-size index
     * records without Bloom filters, postings ({@code terms.cm}, {@code postings.log}) per lane, the service
     * map ({@code links.log}) and compressed chunk bodies; a version 1 partition's index cannot be read by it.
     * Version 3: the span log holds blocks of chunks compressed together with zstd ({@link SpanLog}); a
     * version 2 partition is still read, but not written: its hour goes on in a new generation.
     * Version 4: trace heads hold each trace's earliest span start and latest span end ({@link TraceHeads}),
     * and the service map counts calls per minute ({@link DependencyLinks}); versions 2 and 3 are read alike.
     * Version 5: no {@code terms.cm}; the term heads are on the heap ({@link HeapTermHeads}), rebuilt at open
     * from {@code postings.log}, whose entries now come in checksummed frames and name their term in its first
     * entry ({@link PostingsLog}); versions 2 to 4 are read alike.
     */
    static final int CURRENT_VERSION = 5;
    /** The first version whose span log holds {@link ChunkBlock}s. */
    static final int BLOCKS_VERSION = 3;
    /** The first version whose trace heads hold the traces' bounds. */
    static final int BOUNDS_VERSION = 4;
    /** The first version whose service map counts calls per minute. */
    static final int MINUTE_LINKS_VERSION = 4;
    /** The first version whose term heads are on the heap, rebuilt from the postings log. */
    static final int HEAP_TERMS_VERSION = 5;
    /** The oldest format this build reads. */
    static final int OLDEST_READABLE_VERSION = 2;
    static final String VERSION_FILE = "format";
    static final String LANES_FILE = "lanes";
    static final String CAPACITY_FILE = "capacity";

    /** The format of a new partition. */
    static PartitionFormat current(int lanes, long capacity) {
        return new PartitionFormat(CURRENT_VERSION, lanes, capacity, false);
    }

    /** Reads the format of the partition in {@code dir}; an {@link IOException} names what is missing or wrong. */
    static PartitionFormat read(Path dir) throws IOException {
        int version = (int) readNumber(dir.resolve(VERSION_FILE), 1);
        if (version < OLDEST_READABLE_VERSION || version > CURRENT_VERSION) {
            throw new IOException("format version " + version + " is not one this build reads ("
                    + OLDEST_READABLE_VERSION + " to " + CURRENT_VERSION + ")");
        }
        if (!Files.exists(dir.resolve(CAPACITY_FILE))) {
            throw new IOException("no " + CAPACITY_FILE + " file: the partition was never completely created");
        }
        boolean legacy = !Files.exists(dir.resolve(LANES_FILE));
        long lanes = legacy ? 1 : readNumber(dir.resolve(LANES_FILE), 0);
        long capacity = readNumber(dir.resolve(CAPACITY_FILE), 0);
        if (lanes < 1 || lanes > ChronicleStoreOptions.MAX_WRITE_LANES) {
            throw new IOException(LANES_FILE + " holds " + lanes + ", not 1 to " + ChronicleStoreOptions.MAX_WRITE_LANES);
        }
        if (capacity < 1) {
            throw new IOException(CAPACITY_FILE + " holds " + capacity + ", not a positive number");
        }
        return new PartitionFormat(version, (int) lanes, capacity, legacy);
    }

    /** Writes the format files into a partition being built. */
    void write(Path dir) throws IOException {
        writeNumber(dir.resolve(VERSION_FILE), version);
        writeNumber(dir.resolve(LANES_FILE), lanes);
        writeNumber(dir.resolve(CAPACITY_FILE), capacity);
    }

    /** Where lane {@code i}'s files are. */
    Path laneDirectory(Path partition, int i) {
        return legacyLayout ? partition : partition.resolve("lane-" + i);
    }

    /** The entries each lane's heads map is sized for: its share of the capacity, at least Chronicle's minimum. */
    long laneEntries() {
        return Math.max(Partition.MIN_LANE_ENTRIES, (capacity + lanes - 1) / lanes);
    }

    private static long readNumber(Path file, long whenAbsent) throws IOException {
        if (!Files.exists(file)) {
            if (whenAbsent > 0) {
                return whenAbsent;
            }
            throw new IOException("no " + file.getFileName() + " file");
        }
        String text = Files.readString(file).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(file.getFileName() + " holds '" + text + "', not a number");
        }
    }

    private static void writeNumber(Path file, long value) throws IOException {
        Files.writeString(file, Long.toString(value), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }
}
