package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Every row of a result, fetching its further pages without blocking a driver thread. */
final class Pages {
    private Pages() {
    }

    static CompletableFuture<List<Row>> all(CompletionStage<AsyncResultSet> first) {
        List<Row> rows = new ArrayList<>();
        return first.thenCompose(page -> drain(page, rows)).toCompletableFuture();
    }

    private static CompletionStage<List<Row>> drain(AsyncResultSet page, List<Row> rows) {
        for (Row row : page.currentPage()) {
            rows.add(row);
        }
        return page.hasMorePages() ? page.fetchNextPage().thenCompose(next -> drain(next, rows))
                : CompletableFuture.completedFuture(rows);
    }
}
