package io.spanvault.cassandra;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the backend promises beyond the kit, on the real node: rows expire by Cassandra's TTL counted from each
 * span's start, spans already past the ttl are not written, and a write Cassandra cannot take at the write
 * consistency fails with {@link StorageException} (which the store exporter reports as retryable).
 */
class CassandraRetentionTest {

    @Test
    void spansExpireTtlAfterTheyStartedAndOlderOnesAreNotWritten() throws Exception {
        try (CassandraTraceStore store = CassandraTraceStore.open(
                CassandraTraceStoreConformanceTest.config("conformance").withTtl(Duration.ofMinutes(1)),
                Clock.systemUTC())) {
            Instant now = Instant.now();
            store.write(request("ttl-test", span(traceId(1001), 1, "almost-expired", now.minusSeconds(50), Duration.ofMillis(1)),
                    span(traceId(1002), 1, "fresh", now, Duration.ofMillis(1)),
                    span(traceId(1003), 1, "expired", now.minus(Duration.ofHours(2)), Duration.ofMillis(1))));

            assertTrue(store.getTrace(traceId(1001), null, null).isPresent());
            assertEquals(Optional.empty(), store.getTrace(traceId(1003), null, null), "past the ttl: not written");
            assertEquals(1, store.expiredSpans());

            Thread.sleep(Math.max(0, Duration.between(Instant.now(), now.plusSeconds(12)).toMillis()));
            assertEquals(Optional.empty(), store.getTrace(traceId(1001), null, null), "expired 1m after its start");
            assertEquals(List.of(traceId(1002)), store.findTraceIds(TraceQuery.builder().serviceName("ttl-test").build()),
                    "its index entries expired with it");
        }
    }

    @Test
    void aWriteTooFewReplicasCanTakeFailsAndIsNotAcknowledged() {
        // the node holds one replica of each row; TWO asks for two
        CassandraStoreConfig twoReplicas = new CassandraStoreConfig(
                List.of(io.spanvault.cassandra.testkit.CassandraNode.shared().server()), "conformance", null, null,
                new ConsistencyConfig("TWO", "TWO"), null, null, null, Duration.ofSeconds(10), null, null, null);
        try (CassandraTraceStore store = CassandraTraceStore.open(twoReplicas, Clock.systemUTC())) {
            StorageException e = assertThrows(StorageException.class, () -> store.write(
                    request("svc", span(traceId(1), 1, "op", Instant.now(), Duration.ofMillis(1)))));
            assertTrue(e.getMessage().startsWith("Cassandra failed"), e.getMessage());
            assertEquals(0, store.writtenSpans());
        }
    }

    @Test
    void noCassandraListeningIsAClearError() throws Exception {
        int port = io.spanvault.cassandra.testkit.CassandraNode.freePort();
        StorageException e = assertThrows(StorageException.class, () -> CassandraTraceStore.open(
                CassandraStoreConfig.defaults().withServers(List.of("127.0.0.1:" + port)), Clock.systemUTC()));
        assertTrue(e.getMessage().startsWith("cannot connect to Cassandra at [127.0.0.1:" + port + "]"), e.getMessage());
    }
}
