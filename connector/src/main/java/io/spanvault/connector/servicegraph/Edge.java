package io.spanvault.connector.servicegraph;

import java.util.List;

/** A call from a client span to a server span, filled in as its two sides arrive. Guarded by its store. */
final class Edge {
    final long expiresAtNanos;
    String clientService;
    String serverService;
    String connectionType = "";
    double clientSeconds;
    double serverSeconds;
    boolean failed;
    boolean hasClient;
    boolean hasServer;
    List<String> clientDimensions = List.of();
    List<String> serverDimensions = List.of();
    String peer;

    Edge(long expiresAtNanos) {
        this.expiresAtNanos = expiresAtNanos;
    }

    boolean complete() {
        return hasClient && hasServer;
    }
}
