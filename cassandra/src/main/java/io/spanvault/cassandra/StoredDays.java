package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;

/** The UTC days holding spans ({@code days} table), which bound a search that has no time bounds. */
final class StoredDays {
    private StoredDays() {
    }

    /** The days with spans starting within {@code [from, to]} (Unix nanoseconds), newest first. */
    static List<Integer> within(CqlSession session, PreparedQueries queries, ConsistencyLevel level, long from,
            long to) {
        int first = (int) Math.max(Integer.MIN_VALUE, Math.floorDiv(from, CassandraSpanWriter.DAY_NANOS));
        int last = (int) Math.min(Integer.MAX_VALUE, Math.floorDiv(to, CassandraSpanWriter.DAY_NANOS));
        List<Integer> days = new ArrayList<>();
        for (Row row : session.execute(queries.selectDays.bind(first, last).setConsistencyLevel(level))) {
            days.add(row.getInt(0));
        }
        return days;
    }
}
