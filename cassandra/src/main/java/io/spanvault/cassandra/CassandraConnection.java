package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.spanvault.storage.StorageException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the driver's session for a backend's config, creating the schema first when asked to. The session has
 * no keyspace of its own: statements name {@code keyspace.table}, so one session serves both.
 */
final class CassandraConnection {
    /** Schema changes wait for the cluster to agree; under load that takes far longer than a write. */
    private static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(60);

    private CassandraConnection() {
    }

    static CqlSession open(CassandraStoreConfig config) {
        try {
            CqlSession session = builder(config).build();
            try {
                if (config.createSchema()) {
                    CassandraSchema.apply(session, config, SCHEMA_TIMEOUT.compareTo(config.requestTimeout()) > 0
                            ? SCHEMA_TIMEOUT : config.requestTimeout());
                }
                return session;
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (AllNodesFailedException e) {
            throw new StorageException("cannot connect to Cassandra at " + config.servers() + ": " + e.getMessage(), e);
        } catch (DriverException e) {
            throw new StorageException("Cassandra at " + config.servers() + " refused keyspace '" + config.keyspace()
                    + "': " + e.getMessage(), e);
        }
    }

    private static CqlSessionBuilder builder(CassandraStoreConfig config) {
        List<InetSocketAddress> points = new ArrayList<>();
        for (InetSocketAddress point : config.contactPoints()) {
            points.add(new InetSocketAddress(point.getHostString(), point.getPort()));
        }
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, config.connectTimeout())
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, config.connectTimeout())
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, config.connectTimeout())
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, config.requestTimeout())
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, SCHEMA_TIMEOUT)
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, SCHEMA_TIMEOUT)
                .withInt(DefaultDriverOption.REQUEST_PAGE_SIZE, 1000)
                // close() returns once requests are done, not after netty's default 2 s of quiet
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                // token-aware routing needs our keyspace's metadata only
                .withStringList(DefaultDriverOption.METADATA_SCHEMA_REFRESHED_KEYSPACES, List.of(config.keyspace()))
                // the bound on requests in flight is ours (back-pressure into the pipeline), not a queue here
                .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, Math.max(1024, config.maxInFlight()))
                .build();
        CqlSessionBuilder builder = CqlSession.builder().addContactPoints(points)
                .withLocalDatacenter(config.localDc()).withConfigLoader(loader);
        if (config.username() != null) {
            builder.withAuthCredentials(config.username(), config.password());
        }
        return builder;
    }
}
