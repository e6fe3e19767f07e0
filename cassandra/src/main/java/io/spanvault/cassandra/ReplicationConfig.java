package io.spanvault.cassandra;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.Objects;

/**
 * How the keyspace is replicated when the backend creates it ({@code create_schema: true}); ignored for a
 * keyspace that exists.
 *
 * @param strategy {@code SimpleStrategy} (default) or {@code NetworkTopologyStrategy} (then {@code factor}
 *                 replicas in {@code local_dc})
 * @param factor   replicas of each row; default 1
 */
public record ReplicationConfig(@JsonProperty("class") String strategy, Integer factor) {
    public static final String SIMPLE = "SimpleStrategy";
    public static final String NETWORK_TOPOLOGY = "NetworkTopologyStrategy";

    public ReplicationConfig {
        strategy = Objects.requireNonNullElse(strategy, SIMPLE);
        factor = Objects.requireNonNullElse(factor, 1);
        if (!strategy.equals(SIMPLE) && !strategy.equals(NETWORK_TOPOLOGY)) {
            throw new InvalidConfigException("class", "must be " + SIMPLE + " or " + NETWORK_TOPOLOGY + ", got '"
                    + strategy + "'");
        }
        if (factor < 1) {
            throw new InvalidConfigException("factor", "must be at least 1, got " + factor);
        }
    }

    public static ReplicationConfig defaults() {
        return new ReplicationConfig(null, null);
    }

    /** The keyspace's replication map in CQL. */
    String cql(String localDc) {
        return strategy.equals(SIMPLE)
                ? "{'class': 'SimpleStrategy', 'replication_factor': " + factor + "}"
                : "{'class': 'NetworkTopologyStrategy', '" + localDc.replace("'", "''") + "': " + factor + "}";
    }
}
