package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.spanvault.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The CQL of {@code schema.cql} (shipped beside this class, and documented for operators who apply it by
 * hand) with its placeholders filled from a backend's config.
 */
final class CassandraSchema {
    static final String RESOURCE = "schema.cql";

    private CassandraSchema() {
    }

    /** The statements, in order, for this config's keyspace, replication and ttl. */
    static List<String> statements(CassandraStoreConfig config) {
        long ttlSeconds = config.ttl().toSeconds();
        long window = Math.max(1, Duration.ofSeconds(ttlSeconds).toHours() / 30);
        String cql = template().replace("${keyspace}", config.keyspace())
                .replace("${replication}", config.replication().cql(config.localDc()))
                .replace("${ttl}", Long.toString(ttlSeconds)).replace("${window}", Long.toString(window));
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : cql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return statements;
    }

    /** Creates what is missing; schema changes wait for every node to agree, so this may take seconds. */
    static void apply(CqlSession session, CassandraStoreConfig config, Duration timeout) {
        for (String statement : statements(config)) {
            session.execute(SimpleStatement.newInstance(statement).setTimeout(timeout));
        }
    }

    private static String template() {
        try (InputStream in = CassandraSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new StorageException("the Cassandra schema " + RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("cannot read the Cassandra schema: " + e.getMessage(), e);
        }
    }
}
