package io.spanvault.cassandra;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Config of a {@code cassandra} backend.
 *
 * @param servers        contact points, {@code host:port} (port 9042 when left out), each entry also a
 *                       comma-separated list (for one environment variable); default {@code 127.0.0.1:9042}
 * @param keyspace       the keyspace of every table; default {@code spanvault}
 * @param localDc        the data center the driver routes to and {@code LOCAL_*} levels count in; default
 *                       {@code datacenter1} (Cassandra's own default)
 * @param replication    the keyspace's replication when this backend creates it
 * @param consistency    read and write consistency levels; both {@code LOCAL_QUORUM} by default
 * @param createSchema   create the keyspace and tables when missing (default true); false for a schema the
 *                       operator applied from {@code schema.cql}
 * @param ttl            how long spans and their index entries are kept, counted from each span's start;
 *                       default {@code 72h}; {@code 0s} keeps them forever
 * @param connectTimeout how long connecting to a node may take; default {@code 5s}
 * @param requestTimeout how long one request may take before the write (or read) fails; default {@code 5s}
 * @param username       with {@code password}, for Cassandra's PasswordAuthenticator; none by default
 * @param password       the user's password
 * @param maxInFlight    the most requests this backend has outstanding at once; a write that cannot get its
 *                       share within {@code request_timeout} fails as retryable (back-pressure); default 1024
 */
public record CassandraStoreConfig(List<String> servers, String keyspace, String localDc,
        ReplicationConfig replication, ConsistencyConfig consistency, Boolean createSchema, Duration ttl,
        Duration connectTimeout, Duration requestTimeout, String username, String password, Integer maxInFlight) {
    private static final long MAX_TTL_SECONDS = 630_720_000L; // Cassandra's limit: 20 years

    public CassandraStoreConfig {
        servers = split(Objects.requireNonNullElse(servers, List.of("127.0.0.1:9042")));
        keyspace = Objects.requireNonNullElse(keyspace, "spanvault");
        localDc = Objects.requireNonNullElse(localDc, "datacenter1");
        replication = Objects.requireNonNullElse(replication, ReplicationConfig.defaults());
        consistency = Objects.requireNonNullElse(consistency, ConsistencyConfig.defaults());
        createSchema = Objects.requireNonNullElse(createSchema, true);
        ttl = Objects.requireNonNullElse(ttl, Duration.ofHours(72));
        connectTimeout = Objects.requireNonNullElse(connectTimeout, Duration.ofSeconds(5));
        requestTimeout = Objects.requireNonNullElse(requestTimeout, Duration.ofSeconds(5));
        maxInFlight = Objects.requireNonNullElse(maxInFlight, 1024);
        if (servers.isEmpty()) {
            throw new InvalidConfigException("servers", "must name at least one host:port");
        }
        for (int i = 0; i < servers.size(); i++) {
            address("servers[" + i + "]", servers.get(i));
        }
        if (!keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,47}")) {
            throw new InvalidConfigException("keyspace", "must be a letter then up to 47 letters, digits or"
                    + " underscores, got '" + keyspace + "'");
        }
        if (localDc.isBlank()) {
            throw new InvalidConfigException("local_dc", "must not be empty");
        }
        if (ttl.isNegative() || ttl.toSeconds() > MAX_TTL_SECONDS || !ttl.isZero() && ttl.toSeconds() < 60) {
            throw new InvalidConfigException("ttl", "must be 0s (keep forever) or from 1m to 20 years, got " + ttl);
        }
        positive("connect_timeout", connectTimeout);
        positive("request_timeout", requestTimeout);
        if ((username == null) != (password == null)) {
            throw new InvalidConfigException(username == null ? "username" : "password",
                    "username and password go together");
        }
        if (maxInFlight < 1) {
            throw new InvalidConfigException("max_in_flight", "must be at least 1, got " + maxInFlight);
        }
    }

    public static CassandraStoreConfig defaults() {
        return new CassandraStoreConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A copy reaching other servers, e.g. a test's node on a free port. */
    public CassandraStoreConfig withServers(List<String> other) {
        return new CassandraStoreConfig(other, keyspace, localDc, replication, consistency, createSchema, ttl,
                connectTimeout, requestTimeout, username, password, maxInFlight);
    }

    /** A copy keeping spans for another time. */
    public CassandraStoreConfig withTtl(Duration other) {
        return new CassandraStoreConfig(servers, keyspace, localDc, replication, consistency, createSchema, other,
                connectTimeout, requestTimeout, username, password, maxInFlight);
    }

    /** A copy using another keyspace. */
    public CassandraStoreConfig withKeyspace(String other) {
        return new CassandraStoreConfig(servers, other, localDc, replication, consistency, createSchema, ttl,
                connectTimeout, requestTimeout, username, password, maxInFlight);
    }

    private static List<String> split(List<String> entries) {
        List<String> servers = new ArrayList<>();
        for (String entry : entries) {
            for (String server : (entry == null ? "" : entry).split(",")) {
                if (!server.isBlank()) {
                    servers.add(server.strip());
                }
            }
        }
        return List.copyOf(servers);
    }

    List<InetSocketAddress> contactPoints() {
        List<InetSocketAddress> points = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            points.add(address("servers[" + i + "]", servers.get(i)));
        }
        return points;
    }

    private static InetSocketAddress address(String key, String server) {
        int colon = server.lastIndexOf(':');
        String host = colon < 0 ? server : server.substring(0, colon);
        int port = 9042;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(server.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new InvalidConfigException(key, "must be host:port, got '" + server + "'");
        }
        return InetSocketAddress.createUnresolved(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
                port);
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidConfigException(key, "must be positive, got " + value);
        }
    }
}
