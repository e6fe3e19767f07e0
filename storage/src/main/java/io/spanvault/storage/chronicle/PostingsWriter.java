package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Posts a lane's newly written chunks under their terms: groups the chunks of one append by term (one
 * {@link PostingsLog} entry per term and append, however many chunks share it), writes the entries in frames,
 * then moves each term's head in the lane's {@link HeapTermHeads}: on the heap, so a write touches no map on
 * disk for its postings. One per lane, used under the lane's lock; its tables are reused, so a write allocates
 * nothing per term once they have grown to the batches' size.
 */
final class PostingsWriter {
    private final PostingsLog log;
    private final long hourStart;
    // open addressing: term -> group, cleared by bumping the generation instead of filling the arrays
    private long[] slotTerm = new long[1 << 10];
    private int[] slotGroup = new int[1 << 10];
    private int[] slotGeneration = new int[1 << 10];
    private int generation;
    // groups in first-seen order; each a linked list of postings (chunk numbers) in chunk order
    private long[] groupTerm = new long[256];
    private int[] groupFirst = new int[256];
    private int[] groupLast = new int[256];
    private int[] groupCount = new int[256];
    private long[] groupEntry = new long[256];
    private long[] groupPrefixMax = new long[256];
    private int groups;
    private int[] postingChunk = new int[1024];
    private int[] postingNext = new int[1024];
    private int postings;
    private final long[] previousMax = new long[1];

    PostingsWriter(PostingsLog log, long hourStart) {
        this.log = log;
        this.hourStart = hourStart;
    }

    /**
     * Posts {@code chunks}, whose index records are at {@code indexOffsets}, through {@code buffer} (the lane's
     * write buffer, free to use), moving their terms' heads in {@code heads} (the lane's now: a lane no
     * longer written gives its table up, and a late write brings a new one).
     */
    void post(List<Chunk> chunks, long[] indexOffsets, ByteBuffer buffer, HeapTermHeads heads)
            throws IOException {
        group(chunks);
        PostingsLog.startFrame(buffer);
        for (int g = 0; g < groups; g++) {
            int size = PostingsLog.maxEntrySize(groupCount[g]);
            if (buffer.remaining() < size && !PostingsLog.emptyFrame(buffer)) {
                log.appendFrame(buffer);
                PostingsLog.startFrame(buffer);
            }
            if (buffer.remaining() < size) {
                ByteBuffer big = ByteBuffer.allocate(PostingsLog.FRAME_HEADER + size);
                PostingsLog.startFrame(big);
                groupEntry[g] = log.end() + big.position();
                putEntry(big, g, chunks, indexOffsets, groupEntry[g], heads);
                log.appendFrame(big);
            } else {
                groupEntry[g] = log.end() + buffer.position();
                putEntry(buffer, g, chunks, indexOffsets, groupEntry[g], heads);
            }
        }
        if (!PostingsLog.emptyFrame(buffer)) {
            log.appendFrame(buffer);
        }
        buffer.clear();
        // only now are the entries in the file: a head never points at an entry not yet written
        long stamp = heads.beginUpdate();
        try {
            for (int g = 0; g < groups; g++) {
                heads.put(groupTerm[g], groupEntry[g], groupPrefixMax[g]);
            }
        } finally {
            heads.publish(stamp);
        }
    }

    private void putEntry(ByteBuffer out, int g, List<Chunk> chunks, long[] indexOffsets, long at,
            HeapTermHeads heads) {
        long minStart = Long.MAX_VALUE;
        long maxStart = Long.MIN_VALUE;
        long minDuration = Long.MAX_VALUE;
        long maxDuration = Long.MIN_VALUE;
        for (int p = groupFirst[g]; p >= 0; p = postingNext[p]) {
            Chunk c = chunks.get(postingChunk[p]);
            minStart = Math.min(minStart, c.startMin());
            maxStart = Math.max(maxStart, c.startMax());
            minDuration = Math.min(minDuration, c.durationMin());
            maxDuration = Math.max(maxDuration, c.durationMax());
        }
        long term = groupTerm[g];
        previousMax[0] = Long.MIN_VALUE;
        long previous = heads.newestForWriter(term, previousMax);
        long prefixMax = Math.max(maxStart, previousMax[0]);
        groupPrefixMax[g] = prefixMax;
        if (previous == PostingsLog.NONE) {
            // the term's first entry names it, so the heads can be rebuilt from the log
            PostingsLog.putVarint(out, 0);
            out.putLong(term);
        } else {
            PostingsLog.putVarint(out, at - previous);
        }
        PostingsLog.putVarint(out, prefixMax - hourStart);
        PostingsLog.putVarint(out, minStart - hourStart);
        PostingsLog.putVarint(out, maxStart - hourStart);
        PostingsLog.putSignedVarint(out, minDuration);
        PostingsLog.putSignedVarint(out, maxDuration);
        PostingsLog.putVarint(out, groupCount[g]);
        long last = 0;
        for (int p = groupFirst[g]; p >= 0; p = postingNext[p]) {
            long offset = indexOffsets[postingChunk[p]];
            PostingsLog.putVarint(out, offset - last);
            last = offset;
        }
    }

    private void group(List<Chunk> chunks) {
        int total = 0;
        for (Chunk c : chunks) {
            total += c.terms().length;
        }
        if (slotTerm.length < 2 * total) {
            int size = Integer.highestOneBit(2 * total - 1) << 1;
            slotTerm = new long[size];
            slotGroup = new int[size];
            slotGeneration = new int[size];
            generation = 0;
        }
        if (postingChunk.length < total) {
            postingChunk = new int[total];
            postingNext = new int[total];
        }
        if (++generation == 0) {
            Arrays.fill(slotGeneration, 0);
            generation = 1;
        }
        groups = 0;
        postings = 0;
        int mask = slotTerm.length - 1;
        for (int i = 0; i < chunks.size(); i++) {
            for (long term : chunks.get(i).terms()) {
                int slot = (int) (term ^ term >>> 29) & mask;
                while (slotGeneration[slot] == generation && slotTerm[slot] != term) {
                    slot = (slot + 1) & mask;
                }
                if (slotGeneration[slot] != generation) {
                    int p = newPosting(i);
                    slotGeneration[slot] = generation;
                    slotTerm[slot] = term;
                    slotGroup[slot] = newGroup(term, p);
                } else {
                    int g = slotGroup[slot];
                    // a chunk's terms repeat (each span brings its own): the chunk is posted once per term
                    if (postingChunk[groupLast[g]] != i) {
                        int p = newPosting(i);
                        postingNext[groupLast[g]] = p;
                        groupLast[g] = p;
                        groupCount[g]++;
                    }
                }
            }
        }
    }

    private int newPosting(int chunk) {
        int p = postings++;
        postingChunk[p] = chunk;
        postingNext[p] = -1;
        return p;
    }

    private int newGroup(long term, int firstPosting) {
        if (groups == groupTerm.length) {
            int size = groups * 2;
            groupTerm = Arrays.copyOf(groupTerm, size);
            groupFirst = Arrays.copyOf(groupFirst, size);
            groupLast = Arrays.copyOf(groupLast, size);
            groupCount = Arrays.copyOf(groupCount, size);
            groupEntry = Arrays.copyOf(groupEntry, size);
            groupPrefixMax = Arrays.copyOf(groupPrefixMax, size);
        }
        int g = groups++;
        groupTerm[g] = term;
        groupFirst[g] = firstPosting;
        groupLast[g] = firstPosting;
        groupCount[g] = 1;
        return g;
    }
}
