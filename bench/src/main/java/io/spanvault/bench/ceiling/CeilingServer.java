package io.spanvault.bench.ceiling;

import io.grpc.Attributes;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.spanvault.pipeline.config.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bare ceiling: an OTLP/gRPC trace service that decodes each request, counts its spans and answers, with
 * no pipeline behind it. Throughput of the real server is quoted as a fraction of this one's, measured with
 * the same generator on the same machine in the same run.
 */
public final class CeilingServer implements AutoCloseable {
    private static final ExportTraceServiceResponse OK = ExportTraceServiceResponse.getDefaultInstance();

    private final Server server;
    private final LongAdder spans = new LongAdder();
    private final LongAdder connections = new LongAdder();

    private CeilingServer(Endpoint endpoint) throws IOException {
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(endpoint.host(), endpoint.port()))
                .addService(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request,
                            StreamObserver<ExportTraceServiceResponse> response) {
                        spans.add(countSpans(request));
                        response.onNext(OK);
                        response.onCompleted();
                    }
                }).addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes transport) {
                        connections.increment();
                        return transport;
                    }
                }).maxInboundMessageSize(4 << 20).build().start();
    }

    public static CeilingServer start(Endpoint endpoint) throws IOException {
        return new CeilingServer(endpoint);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--endpoint")) {
            System.err.println("usage: java -cp spanvault-loadgen.jar " + CeilingServer.class.getName()
                    + " --endpoint host:port");
            System.exit(2);
        }
        CeilingServer server = start(Endpoint.parse(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("ceiling listening on " + server.port());
        server.server.awaitTermination();
    }

    public int port() {
        return server.getPort();
    }

    /** Spans decoded so far. */
    public long spans() {
        return spans.sum();
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.sum();
    }

    private static long countSpans(ExportTraceServiceRequest request) {
        long n = 0;
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                n += scope.getSpansCount();
            }
        }
        return n;
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
