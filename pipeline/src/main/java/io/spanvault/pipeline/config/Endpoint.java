package io.spanvault.pipeline.config;

/**
 * A listen or dial address, {@code host:port}, as the collector writes it ({@code 127.0.0.1:4317},
 * {@code [::1]:4317}, {@code :4317} for every interface). Port 0 asks the OS for a free port.
 */
public record Endpoint(String host, int port) {

    public Endpoint {
        if (host == null) {
            throw new IllegalArgumentException("endpoint host is missing");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /** Parses {@code host:port}; the message of the exception names what is wrong with the text. */
    public static Endpoint parse(String text) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("endpoint '" + text + "' must be host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        String portText = s.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint '" + text + "' has no numeric port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " in endpoint '" + text + "' is out of range 0-65535");
        }
        return new Endpoint(host, port);
    }

    /** The same host with another port, for a server that learns its port after binding to 0. */
    public Endpoint withPort(int newPort) {
        return new Endpoint(host, newPort);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    // Written out: a record's generated equals and hashCode link method handles the first time they run, which
    // for the ids and keys hashed while a config loads was a measurable part of start-up (bench/README).
    @Override
    public boolean equals(Object other) {
        return other instanceof Endpoint endpoint && host.equals(endpoint.host) && port == endpoint.port;
    }

    @Override
    public int hashCode() {
        return 31 * host.hashCode() + port;
    }
}
