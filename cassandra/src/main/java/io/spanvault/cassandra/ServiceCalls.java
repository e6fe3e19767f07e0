package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service-map calls a write adds for one trace: a span whose parent span is in another service is one
 * call, by the UTC hour the child started in, counted by the write that brings the later of the two spans.
 * The trace's stored spans are read before the new ones are written: pairs within the write, new child with
 * stored parent, stored child with new parent. Two writes of one trace's parent and child at the same moment
 * (each reading before the other wrote) both miss the call; a call is never counted twice.
 */
final class ServiceCalls {
    static final long HOUR_NANOS = 3_600_000_000_000L;

    /** A call key: hour, parent service, child service. */
    record Link(long hour, String parent, String child) {
    }

    private record Stored(ByteString parentId, String service, boolean error, long start) {
    }

    private ServiceCalls() {
    }

    /** Adds to {@code counts} (calls, errors per link) the calls of {@code added} against {@code stored} rows. */
    static void count(List<SpanRow> added, List<Row> stored, Map<Link, long[]> counts) {
        Map<ByteString, String> newService = new HashMap<>();
        for (SpanRow row : added) {
            newService.putIfAbsent(row.spanId(), row.service());
        }
        Map<ByteString, String> storedService = new HashMap<>();
        List<Stored> storedSpans = new ArrayList<>(stored.size());
        for (Row r : stored) {
            ByteString id = bytes(r.getByteBuffer(0));
            Stored s = new Stored(bytes(r.getByteBuffer(1)), r.getString(2), r.getBoolean(3), r.getLong(4));
            storedService.putIfAbsent(id, s.service());
            storedSpans.add(s);
        }
        for (SpanRow child : added) {
            if (child.parentId().isEmpty()) {
                continue;
            }
            String parent = newService.get(child.parentId());
            if (parent == null) {
                parent = storedService.get(child.parentId());
            }
            add(counts, child.start(), parent, child.service(), child.error());
        }
        for (Stored child : storedSpans) {
            if (child.parentId().isEmpty() || storedService.containsKey(child.parentId())) {
                continue; // its parent was stored already: counted when the later of the two came
            }
            add(counts, child.start(), newService.get(child.parentId()), child.service(), child.error());
        }
    }

    private static void add(Map<Link, long[]> counts, long childStart, String parent, String child, boolean error) {
        if (parent == null || parent.equals(child)) {
            return;
        }
        long[] c = counts.computeIfAbsent(new Link(Math.floorDiv(childStart, HOUR_NANOS), parent, child),
                k -> new long[2]);
        c[0]++;
        if (error) {
            c[1]++;
        }
    }

    private static ByteString bytes(ByteBuffer buffer) {
        return buffer == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(buffer);
    }
}
