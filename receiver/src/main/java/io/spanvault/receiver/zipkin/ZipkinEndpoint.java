package io.spanvault.receiver.zipkin;

/** A Zipkin endpoint: a service name (lowercase in Zipkin, kept as sent), addresses as text, port 0 when absent. */
record ZipkinEndpoint(String serviceName, String ipv4, String ipv6, int port) {

    boolean isEmpty() {
        return (serviceName == null || serviceName.isEmpty()) && ipv4 == null && ipv6 == null && port == 0;
    }
}
