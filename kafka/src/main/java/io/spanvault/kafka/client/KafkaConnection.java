package io.spanvault.kafka.client;

import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client settings the exporter and the receiver share (the Collector's configkafka ClientConfig):
 * {@code brokers}, {@code client_id}, {@code tls} (off unless the section is present, as in the Collector)
 * and {@code auth}, turned into the Java client's properties.
 */
public record KafkaConnection(List<String> brokers, String clientId, TlsConfig tls, AuthConfig auth) {
    public static final List<String> DEFAULT_BROKERS = List.of("localhost:9092");
    public static final String DEFAULT_CLIENT_ID = "otel-collector";

    public KafkaConnection {
        brokers = brokers == null ? DEFAULT_BROKERS : List.copyOf(brokers);
        clientId = clientId == null || clientId.isBlank() ? DEFAULT_CLIENT_ID : clientId;
        auth = auth == null ? AuthConfig.none() : auth;
        if (brokers.isEmpty()) {
            throw new InvalidConfigException("brokers", "must list at least one host:port");
        }
        for (String broker : brokers) {
            int colon = broker == null ? -1 : broker.lastIndexOf(':');
            if (colon <= 0 || !broker.substring(colon + 1).matches("\\d{1,5}")) {
                throw new InvalidConfigException("brokers", "'" + broker + "' is not host:port");
            }
        }
    }

    /** The Java client's properties for these settings. */
    public Map<String, Object> properties() {
        Map<String, Object> props = new TreeMap<>();
        props.put("bootstrap.servers", String.join(",", brokers));
        props.put("client.id", clientId);
        boolean ssl = tls != null && !tls.insecure();
        SaslConfig sasl = auth.sasl();
        props.put("security.protocol", (sasl != null ? (ssl ? "SASL_SSL" : "SASL_PLAINTEXT") : (ssl ? "SSL" : "PLAINTEXT")));
        if (ssl) {
            putTls(props, tls);
        }
        if (sasl != null) {
            props.put("sasl.mechanism", sasl.mechanism());
            props.put("sasl.jaas.config", sasl.jaasConfig());
        }
        return props;
    }

    /** PEM files as configtls names them; the Java client takes PEM content inline. */
    private static void putTls(Map<String, Object> props, TlsConfig tls) {
        if (tls.caFile() != null) {
            props.put("ssl.truststore.type", "PEM");
            props.put("ssl.truststore.certificates", read("tls.ca_file", tls.caFile()));
        }
        if (tls.certFile() != null) {
            props.put("ssl.keystore.type", "PEM");
            props.put("ssl.keystore.certificate.chain", read("tls.cert_file", tls.certFile()));
            props.put("ssl.keystore.key", read("tls.key_file", tls.keyFile()));
        }
        if (tls.insecureSkipVerify()) {
            // The Java client can only skip the host name check; the chain is still verified.
            props.put("ssl.endpoint.identification.algorithm", "");
        }
    }

    private static String read(String key, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidConfigException(key, "cannot read '" + file + "': " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new InvalidConfigException(key, "cannot read '" + file + "': " + e.getCause().getMessage());
        }
    }
}
