package io.spanvault.connector.servicegraph;

import com.google.protobuf.ByteString;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Half-seen edges by trace id and the client span's id, each kept at most {@code ttl}, at most
 * {@code maxItems} at once. Edges are kept in arrival order, so expiry looks only at the oldest. Not
 * thread-safe: its connector holds the lock.
 */
final class EdgeStore {
    /** The key of an edge: a trace id and the client's span id (a server span's parent). */
    record Key(ByteString traceId, ByteString clientSpanId) {
    }

    private final long ttlNanos;
    private final int maxItems;
    private final Map<Key, Edge> edges = new LinkedHashMap<>();

    EdgeStore(long ttlNanos, int maxItems) {
        this.ttlNanos = ttlNanos;
        this.maxItems = maxItems;
    }

    /** The edge for {@code key}, created if there is room; null when the store is full. */
    Edge upsert(Key key, long nowNanos) {
        Edge edge = edges.get(key);
        if (edge != null) {
            return edge;
        }
        if (edges.size() >= maxItems) {
            return null;
        }
        edge = new Edge(nowNanos + ttlNanos);
        edges.put(key, edge);
        return edge;
    }

    void remove(Key key) {
        edges.remove(key);
    }

    /** Removes every edge whose ttl has passed and hands it to {@code expired}. */
    void expire(long nowNanos, Consumer<Edge> expired) {
        for (Iterator<Edge> it = edges.values().iterator(); it.hasNext(); ) {
            Edge edge = it.next();
            if (edge.expiresAtNanos > nowNanos) {
                return;
            }
            it.remove();
            expired.accept(edge);
        }
    }

    int size() {
        return edges.size();
    }
}
