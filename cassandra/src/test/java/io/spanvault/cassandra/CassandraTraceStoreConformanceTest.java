package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.spanvault.cassandra.testkit.CassandraNode;
import io.spanvault.storage.TraceStore;
import io.spanvault.storage.conformance.Capability;
import io.spanvault.storage.conformance.TraceStoreConformanceTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * The kit, unchanged, on a real Cassandra node. Every test's store is a new connection to one keyspace, emptied
 * before the test. Declared: persistence (a new connection reads what an earlier one wrote) and whole-trace
 * matching. Not declared: retention, whose kit test moves a test clock hours ahead, while Cassandra expires rows
 * by its own clock (the backend does skip spans already past the ttl, see {@code CassandraRetentionTest}).
 */
class CassandraTraceStoreConformanceTest extends TraceStoreConformanceTest {
    private static final List<String> TABLES = List.of("spans", "days", "services", "operations", "service_index",
            "operation_index", "tag_index", "duration_index", "dependencies");
    private static CqlSession admin;

    static CassandraStoreConfig config(String keyspace) {
        return CassandraStoreConfig.defaults().withServers(List.of(CassandraNode.shared().server()))
                .withKeyspace(keyspace);
    }

    @Override
    protected TraceStore openStore(Path dataDir, Duration retention, Clock clock) {
        return CassandraTraceStore.open(config("conformance").withTtl(retention), clock);
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENCE, Capability.WHOLE_TRACE_MATCHING);
    }

    @Override
    protected void clear(TraceStore store) {
        if (admin == null) {
            admin = CqlSession.builder().addContactPoint(address()).withLocalDatacenter("datacenter1").build();
        }
        List<java.util.concurrent.CompletableFuture<?>> truncated = new java.util.ArrayList<>();
        for (String table : TABLES) {
            truncated.add(admin.executeAsync(SimpleStatement.newInstance("TRUNCATE conformance." + table)
                    .setTimeout(Duration.ofSeconds(60))).toCompletableFuture());
        }
        truncated.forEach(java.util.concurrent.CompletableFuture::join);
    }

    private static java.net.InetSocketAddress address() {
        String server = CassandraNode.shared().server();
        int colon = server.lastIndexOf(':');
        return new java.net.InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
    }

    @AfterAll
    static void closeAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
