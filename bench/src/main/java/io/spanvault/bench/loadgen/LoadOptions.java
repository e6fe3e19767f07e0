package io.spanvault.bench.loadgen;

import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.GoDuration;
import java.time.Duration;
import java.util.Locale;

/**
 * How to load a receiver.
 *
 * @param rate spans per second to offer, every one of rate × duration sent even if late (the run gives up
 *             a duration, at least 10 s, after its end); 0 sends as fast as requests are acknowledged
 *             (bounded by {@code concurrency} requests in flight) until the duration is over
 * @param authorization an {@code Authorization} value every request carries (null for none), to measure auth
 * @param caFile        a PEM CA to trust: the receiver is spoken to over TLS (null for plaintext)
 * @param compression   how OTLP/gRPC messages go on the wire ({@code grpc-encoding})
 */
public record LoadOptions(Protocol protocol, Endpoint endpoint, long rate, Duration duration, int spansPerRequest,
        SpanShape shape, int concurrency, String authorization, String caFile, Compression compression) {

    /** OTLP/gRPC, OTLP/HTTP (protobuf), or Zipkin JSON v2 on {@code /api/v2/spans}. */
    public enum Protocol { GRPC, HTTP, ZIPKIN }

    /**
     * The message compression of OTLP/gRPC calls. {@code GZIP} is what the Collector's {@code otlp} exporter sends
     * by default, and so what the testbed's OTLP/gRPC sender sends.
     */
    public enum Compression {
        NONE, GZIP;

        static Compression parse(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--compression '" + value + "' is not none or gzip");
            }
        }
    }

    public static final String USAGE = """
            usage: java -jar spanvault-loadgen.jar [options]
              --protocol grpc|http|zipkin  OTLP/gRPC, OTLP/HTTP, or Zipkin JSON v2 (default grpc)
              --endpoint host:port      receiver (default 127.0.0.1:4317 for grpc, 127.0.0.1:4318 for http)
              --rate N|max              spans per second, or max: as fast as acknowledged (default max)
              --duration 30s            how long to send (Go duration)
              --spans-per-request N     default 100
              --shape testbed|testbed_batch|traces10|realistic  testbed: a name and 2 int attributes, each
                                        span its own trace; testbed_batch: the testbed's data provider's
                                        request exactly (one trace per request, empty resource and scope);
                                        traces10: the testbed span in traces of 10; realistic: ~20
                                        attributes, 2 events, traces of 20 spans in 5 levels (default testbed)
              --concurrency N           requests in flight at most, each exporter on a connection of its
                                        own (gRPC: up to 256 connections) (default 4)
              --authorization VALUE     send this Authorization header (e.g. "Bearer t0ken")
              --ca-file PATH            speak TLS to the receiver, trusting this PEM CA
              --compression none|gzip   OTLP/gRPC message compression (default none; grpc only)
            """;

    public LoadOptions {
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be positive or max");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (spansPerRequest < 1) {
            throw new IllegalArgumentException("--spans-per-request must be at least 1");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1");
        }
        if (compression != Compression.NONE && protocol != Protocol.GRPC) {
            throw new IllegalArgumentException("--compression " + compression.name().toLowerCase(Locale.ROOT)
                    + " is for --protocol grpc only");
        }
    }

    /** Uncompressed. */
    public LoadOptions(Protocol protocol, Endpoint endpoint, long rate, Duration duration, int spansPerRequest,
            SpanShape shape, int concurrency, String authorization, String caFile) {
        this(protocol, endpoint, rate, duration, spansPerRequest, shape, concurrency, authorization, caFile,
                Compression.NONE);
    }

    /** Plaintext, uncompressed, without credentials. */
    public LoadOptions(Protocol protocol, Endpoint endpoint, long rate, Duration duration, int spansPerRequest,
            SpanShape shape, int concurrency) {
        this(protocol, endpoint, rate, duration, spansPerRequest, shape, concurrency, null, null);
    }

    public static LoadOptions parse(String... args) {
        Protocol protocol = Protocol.GRPC;
        Endpoint endpoint = null;
        long rate = 0;
        Duration duration = Duration.ofSeconds(30);
        int spansPerRequest = 100;
        SpanShape shape = SpanShape.TESTBED;
        int concurrency = 4;
        String authorization = null;
        String caFile = null;
        Compression compression = Compression.NONE;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--protocol" -> protocol = protocol(value);
                case "--endpoint" -> endpoint = Endpoint.parse(value);
                case "--rate" -> rate = value.equals("max") ? 0 : Long.parseLong(value);
                case "--duration" -> duration = GoDuration.parse(value);
                case "--spans-per-request" -> spansPerRequest = Integer.parseInt(value);
                case "--shape" -> shape = SpanShape.parse(value);
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                case "--authorization" -> authorization = value;
                case "--ca-file" -> caFile = value;
                case "--compression" -> compression = Compression.parse(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (endpoint == null) {
            endpoint = new Endpoint("127.0.0.1", switch (protocol) {
                case GRPC -> 4317;
                case HTTP -> 4318;
                case ZIPKIN -> 9411;
            });
        }
        return new LoadOptions(protocol, endpoint, rate, duration, spansPerRequest, shape, concurrency, authorization,
                caFile, compression);
    }

    private static Protocol protocol(String value) {
        try {
            return Protocol.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--protocol '" + value + "' is not grpc, http or zipkin");
        }
    }

    /** The most connections the gRPC sender opens: one per exporter, as SDKs each hold one. */
    static final int MAX_CONNECTIONS = 256;

    /** Connections for {@code concurrency} exporters. */
    int connections() {
        return Math.min(concurrency, MAX_CONNECTIONS);
    }

    /** The arguments that {@link #parse} turns back into these options. */
    public String[] toArgs() {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(base()));
        if (authorization != null) {
            args.addAll(java.util.List.of("--authorization", authorization));
        }
        if (caFile != null) {
            args.addAll(java.util.List.of("--ca-file", caFile));
        }
        if (compression != Compression.NONE) {
            args.addAll(java.util.List.of("--compression", compression.name().toLowerCase(Locale.ROOT)));
        }
        return args.toArray(String[]::new);
    }

    private String[] base() {
        return new String[] {"--protocol", protocol.name().toLowerCase(Locale.ROOT), "--endpoint", endpoint.toString(),
            "--rate", rate == 0 ? "max" : Long.toString(rate), "--duration", GoDuration.format(duration),
            "--spans-per-request", Integer.toString(spansPerRequest),
            "--shape", shape.name().toLowerCase(Locale.ROOT), "--concurrency", Integer.toString(concurrency)};
    }
}
