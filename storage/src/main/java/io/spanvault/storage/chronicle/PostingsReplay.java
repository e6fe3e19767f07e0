package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Rebuilds a lane's {@link HeapTermHeads} from its {@link PostingsLog} (format 5 on): reads the frames in
 * order, each entry moving its term's head, and stops at the first frame that is not whole (its length past the
 * file's end, or its checksum wrong): what a crash in the middle of an append leaves, never reachable before.
 * A term's later entries name it only by pointing back to its previous entry, which was its head until then,
 * so the replay keeps, for each term, which entry is its head (one table entry per term, as the heads).
 */
final class PostingsReplay {
    private static final int READ_SIZE = 1 << 20;

    private final FileChannel channel;
    private final long size;
    private ByteBuffer window = ByteBuffer.allocate(READ_SIZE).limit(0);
    private long windowStart;
    private int windowBytes;

    private PostingsReplay(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    /** Replays the log into {@code heads}; returns where its whole frames end. */
    static long replay(FileChannel channel, long hourStart, HeapTermHeads heads) throws IOException {
        return new PostingsReplay(channel).run(hourStart, heads);
    }

    private long run(long hourStart, HeapTermHeads heads) throws IOException {
        HeadOwners owners = new HeadOwners();
        CRC32C checksum = new CRC32C();
        long at = PostingsLog.FIRST_ENTRY;
        while (true) {
            ByteBuffer header = bytesAt(at, PostingsLog.FRAME_HEADER);
            if (header == null) {
                return at;
            }
            int length = header.getInt(header.position());
            int expected = header.getInt(header.position() + Integer.BYTES);
            long entries = at + PostingsLog.FRAME_HEADER;
            if (length <= 0 || length > size - entries) {
                return at;
            }
            ByteBuffer frame = bytesAt(entries, length);
            checksum.reset();
            checksum.update(frame.array(), frame.arrayOffset() + frame.position(), length);
            if ((int) checksum.getValue() != expected) {
                return at;
            }
            int first = frame.position();
            frame.limit(first + length);
            while (frame.hasRemaining()) {
                long entry = entries + frame.position() - first;
                long back = PostingsLog.getVarint(frame);
                long term;
                if (back == 0) {
                    term = frame.getLong();
                } else {
                    term = owners.take(entry - back);
                    if (term == 0) {
                        throw new IOException("postings entry at " + entry + " points back to no term's head");
                    }
                }
                long prefixMax = PostingsLog.getVarint(frame);
                // the start and duration ranges
                for (int skip = 0; skip < 4; skip++) {
                    PostingsLog.getVarint(frame);
                }
                long count = PostingsLog.getVarint(frame);
                for (long p = 0; p < count; p++) {
                    PostingsLog.getVarint(frame);
                }
                if (prefixMax < 0 || count < 1) {
                    throw new IOException("postings entry at " + entry + " is corrupt");
                }
                heads.put(term, entry, hourStart + prefixMax);
                owners.put(entry, term);
            }
            at = entries + length;
        }
    }

    /** The window positioned at {@code offset} with {@code length} bytes after it; null past the file's end. */
    private ByteBuffer bytesAt(long offset, int length) throws IOException {
        if (offset < windowStart || offset + length > windowStart + windowBytes) {
            if (offset + length > size) {
                return null;
            }
            if (window.capacity() < length) {
                window = ByteBuffer.allocate(length);
            }
            window.clear();
            while (window.hasRemaining() && channel.read(window, offset + window.position()) > 0) {
                // read until the window is full or the file ends
            }
            windowBytes = window.position();
            windowStart = offset;
        }
        // the caller may have narrowed the limit to one frame
        window.limit(windowBytes).position((int) (offset - windowStart));
        return window;
    }

    /**
     * Entry → term, for each term's current head only: open addressing on the entry offset (never 0), removal by
     * shifting the following entries back, so it never holds more than the terms.
     */
    private static final class HeadOwners {
        private long[] entries = new long[1 << 10];
        private long[] terms = new long[1 << 10];
        private int size;

        void put(long entry, long term) {
            if (2 * (size + 1) > entries.length) {
                grow();
            }
            int slot = find(entry);
            if (entries[slot] == 0) {
                size++;
            }
            entries[slot] = entry;
            terms[slot] = term;
        }

        /** Removes the entry and returns its term; 0 when it is not a head. */
        long take(long entry) {
            int slot = find(entry);
            if (entries[slot] == 0) {
                return 0;
            }
            long term = terms[slot];
            int mask = entries.length - 1;
            int hole = slot;
            for (int next = (hole + 1) & mask; entries[next] != 0; next = (next + 1) & mask) {
                int home = home(entries[next], mask);
                // move the entry back into the hole unless its home lies cyclically in (hole, next]
                boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
                if (!stays) {
                    entries[hole] = entries[next];
                    terms[hole] = terms[next];
                    hole = next;
                }
            }
            entries[hole] = 0;
            size--;
            return term;
        }

        private int find(long entry) {
            int mask = entries.length - 1;
            int slot = home(entry, mask);
            while (entries[slot] != 0 && entries[slot] != entry) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private static int home(long entry, int mask) {
            long h = entry * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 32) & mask;
        }

        private void grow() {
            long[] oldEntries = entries;
            long[] oldTerms = terms;
            entries = new long[oldEntries.length * 2];
            terms = new long[oldEntries.length * 2];
            for (int i = 0; i < oldEntries.length; i++) {
                if (oldEntries[i] != 0) {
                    int slot = find(oldEntries[i]);
                    entries[slot] = oldEntries[i];
                    terms[slot] = oldTerms[i];
                }
            }
        }
    }
}
