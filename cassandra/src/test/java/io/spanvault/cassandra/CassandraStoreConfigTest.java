package io.spanvault.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraStoreConfigTest {

    private static String problem(Runnable build) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, build::run);
        return e.getMessage();
    }

    private static CassandraStoreConfig withServers(String... servers) {
        return CassandraStoreConfig.defaults().withServers(List.of(servers));
    }

    @Test
    void defaults() {
        CassandraStoreConfig config = CassandraStoreConfig.defaults();
        assertEquals(List.of("127.0.0.1:9042"), config.servers());
        assertEquals("spanvault", config.keyspace());
        assertEquals("LOCAL_QUORUM", config.consistency().write());
        assertEquals("LOCAL_QUORUM", config.consistency().read());
        assertEquals(Duration.ofHours(72), config.ttl());
        assertEquals(true, config.createSchema());
    }

    @Test
    void serversAreHostPortAndAnEntryMayListSeveral() {
        assertEquals(List.of("a:9042", "b:9043", "c"), withServers("a:9042, b:9043", "c").servers());
        assertEquals(9042, withServers("c").contactPoints().get(0).getPort());
        assertEquals("servers[0]: must be host:port, got 'a:x'", problem(() -> withServers("a:x")));
        assertEquals("servers: must name at least one host:port", problem(() -> withServers(" ")));
    }

    @Test
    void badValuesAreNamedByTheirKey() {
        assertEquals("keyspace: must be a letter then up to 47 letters, digits or underscores, got 'my-ks'",
                problem(() -> CassandraStoreConfig.defaults().withKeyspace("my-ks")));
        assertEquals("ttl: must be 0s (keep forever) or from 1m to 20 years, got PT5S",
                problem(() -> CassandraStoreConfig.defaults().withTtl(Duration.ofSeconds(5))));
        assertEquals("write: unknown consistency level 'MOST' (e.g. ONE, LOCAL_ONE, QUORUM, LOCAL_QUORUM,"
                + " EACH_QUORUM, ALL)", problem(() -> new ConsistencyConfig(null, "MOST")));
        assertEquals("read: serial levels are for lightweight transactions; use e.g. LOCAL_QUORUM, got serial",
                problem(() -> new ConsistencyConfig("serial", null)));
        assertEquals("class: must be SimpleStrategy or NetworkTopologyStrategy, got 'Simple'",
                problem(() -> new ReplicationConfig("Simple", 3)));
        assertEquals("password: username and password go together", problem(() -> new CassandraStoreConfig(null, null,
                null, null, null, null, null, null, null, "user", null, null)));
    }

    @Test
    void replicationIsTheKeyspacesCqlMap() {
        assertEquals("{'class': 'SimpleStrategy', 'replication_factor': 3}",
                new ReplicationConfig(null, 3).cql("dc1"));
        assertEquals("{'class': 'NetworkTopologyStrategy', 'dc1': 3}",
                new ReplicationConfig("NetworkTopologyStrategy", 3).cql("dc1"));
    }

    @Test
    void theSchemaTemplateIsFilledFromTheConfig() {
        List<String> statements = CassandraSchema.statements(CassandraStoreConfig.defaults().withKeyspace("ks"));
        assertEquals("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy',"
                + " 'replication_factor': 1};", statements.get(0));
        assertEquals(10, statements.size());
        statements.forEach(s -> assertEquals(false, s.contains("${"), s));
        assertEquals(true, statements.get(1).contains("default_time_to_live = 259200"), statements.get(1));
        assertEquals(true, statements.get(1).contains("'compaction_window_size': 2"), statements.get(1));
    }
}
