package io.spanvault.connector.spanmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SpanMetricsConnectorTest {
    private final List<ExportMetricsServiceRequest> emitted = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();

    private SpanMetricsConnector connector(String temporality, Duration expiration) {
        SpanMetricsConfig config = new SpanMetricsConfig(null, null, null, temporality, null, null, expiration, null, null);
        return new SpanMetricsConnector(config, request -> {
            emitted.add(request);
            return CompletableFuture.completedFuture(null);
        }, Clock.systemUTC(), nanos::get, "spanmetrics", new Telemetry());
    }

    private static ExportTraceServiceRequest spans(String... names) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (String name : names) {
            scope.addSpans(Span.newBuilder().setName(name).setTraceId(ByteString.copyFrom(new byte[16]))
                    .setSpanId(ByteString.copyFrom(new byte[8])).setStartTimeUnixNano(1_000_000).setEndTimeUnixNano(6_000_000));
        }
        Resource resource = Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue("shop"))).build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                .addScopeSpans(scope)).build();
    }

    private Metric calls() {
        return emitted.get(emitted.size() - 1).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
    }

    @Test
    void cumulativeCallsKeepGrowingAndDeltaCallsStartAfreshEachFlush() {
        SpanMetricsConnector cumulative = connector(null, null);
        cumulative.consume(spans("a", "a"));
        cumulative.flush();
        cumulative.consume(spans("a"));
        cumulative.flush();
        assertEquals("traces.span.metrics.calls", calls().getName());
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, calls().getSum().getAggregationTemporality());
        assertEquals(3, calls().getSum().getDataPoints(0).getAsInt());

        emitted.clear();
        SpanMetricsConnector delta = connector(SpanMetricsConfig.DELTA, null);
        delta.consume(spans("a", "a"));
        delta.flush();
        long firstEnd = calls().getSum().getDataPoints(0).getTimeUnixNano();
        delta.consume(spans("a"));
        delta.flush();
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, calls().getSum().getAggregationTemporality());
        assertEquals(1, calls().getSum().getDataPoints(0).getAsInt());
        assertEquals(firstEnd, calls().getSum().getDataPoints(0).getStartTimeUnixNano(), "a delta starts where the last ended");
        delta.flush();
        assertEquals(2, emitted.size(), "nothing new, nothing emitted");
    }

    @Test
    void seriesNotUpdatedWithinTheExpirationAreDropped() {
        SpanMetricsConnector connector = connector(null, Duration.ofSeconds(10));
        connector.consume(spans("old"));
        nanos.set(Duration.ofSeconds(8).toNanos());
        connector.consume(spans("new"));
        nanos.set(Duration.ofSeconds(15).toNanos());
        connector.flush();
        assertEquals(1, calls().getSum().getDataPointsCount());
        assertTrue(calls().getSum().getDataPoints(0).getAttributesList().stream()
                .anyMatch(kv -> kv.getValue().getStringValue().equals("new")));
        assertEquals(1, connector.seriesCount());
        // the duration histogram: 5ms in the default buckets (ms), le=6 is the fourth bound
        Metric duration = emitted.get(0).getResourceMetrics(0).getScopeMetrics(0).getMetrics(1);
        assertEquals("ms", duration.getUnit());
        assertEquals(List.of(0L, 0L, 1L), duration.getHistogram().getDataPoints(0).getBucketCountsList().subList(0, 3));
    }
}
