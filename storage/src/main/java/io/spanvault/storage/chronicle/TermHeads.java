package io.spanvault.storage.chronicle;

import java.io.Closeable;
import java.io.IOException;

/**
 * A lane's map from a {@link SearchTerms} term to its newest {@link PostingsLog} entry, where a search starts
 * each term's chain: {@link HeapTermHeads} in partitions of format 5 on, {@link MappedTermHeads} before.
 */
interface TermHeads extends Closeable {
    /** The newest entry of a term, or {@link PostingsLog#NONE}; for searches (any thread). */
    long newest(long term);

    /** Whether the lane holds as many terms as it should before its partition rolls over to a new one. */
    boolean full();

    long terms();

    /** The bytes the heads take on disk. */
    long fileSize();

    void force() throws IOException;

    @Override
    void close();
}
