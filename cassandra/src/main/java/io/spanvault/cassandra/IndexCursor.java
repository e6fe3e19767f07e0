package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Walks one index partition's {@code (start_time, trace_id)} entries newest first, a page at a time; the first
 * page is asked for when the cursor is made, so a search asks every partition of a day at once.
 */
final class IndexCursor {
    private final CompletableFuture<AsyncResultSet> first;
    private AsyncResultSet page;
    private Iterator<Row> rows;
    private long start;
    private ByteString traceId;

    IndexCursor(CompletionStage<AsyncResultSet> first) {
        this.first = first.toCompletableFuture();
    }

    private IndexCursor(List<Row> all) {
        this.first = null;
        this.rows = all.iterator();
    }

    /** Over entries already read (and ordered newest first). */
    static IndexCursor over(List<Row> entries) {
        return new IndexCursor(entries);
    }

    /** Moves to the next entry; false when there is none. */
    boolean advance() {
        if (rows == null) {
            page = first.join();
            rows = page.currentPage().iterator();
        }
        while (!rows.hasNext()) {
            if (page == null || !page.hasMorePages()) {
                return false;
            }
            page = page.fetchNextPage().toCompletableFuture().join();
            rows = page.currentPage().iterator();
        }
        Row row = rows.next();
        start = row.getLong(0);
        traceId = UnsafeByteOperations.unsafeWrap(row.getByteBuffer(1));
        return true;
    }

    long start() {
        return start;
    }

    ByteString traceId() {
        return traceId;
    }
}
