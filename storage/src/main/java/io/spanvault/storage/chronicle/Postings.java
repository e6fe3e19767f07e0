package io.spanvault.storage.chronicle;

import java.io.IOException;

/**
 * Chunks of one lane in descending index order (newest write first), each named by its index offset, with a
 * bound on the start of every chunk not yet passed. What a search intersects: a term's chain
 * ({@link TermPostings}), or a union of terms a query value may have been written as ({@link AnyOfPostings}).
 */
interface Postings {
    long END = -1;

    /** The current chunk's index offset, or {@link #END}. */
    long current();

    /** Moves to the next older chunk. */
    void advance() throws IOException;

    /** Moves to the newest chunk at or below {@code offset}. */
    void advanceTo(long offset) throws IOException;

    /** The latest start of the current chunk and all older ones; {@link Long#MIN_VALUE} at the end. */
    long bound();
}
