package io.spanvault.exporter.loadbalancing;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real OTLP/gRPC trace endpoint on a loopback address that records the spans it accepted. */
final class ReceivingBackend implements AutoCloseable {
    private final List<Span> spans = new ArrayList<>();
    private final Server server;

    ReceivingBackend(String ip, int port) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(ip, port))
                .addService(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request,
                            StreamObserver<ExportTraceServiceResponse> observer) {
                        synchronized (ReceivingBackend.this) {
                            for (ResourceSpans rs : request.getResourceSpansList()) {
                                for (ScopeSpans ss : rs.getScopeSpansList()) {
                                    spans.addAll(ss.getSpansList());
                                }
                            }
                        }
                        observer.onNext(ExportTraceServiceResponse.getDefaultInstance());
                        observer.onCompleted();
                    }
                }).build().start();
    }

    synchronized List<Span> spans() {
        return new ArrayList<>(spans);
    }

    synchronized List<ByteString> traceIds() {
        return spans.stream().map(Span::getTraceId).distinct().toList();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
