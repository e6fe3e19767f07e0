package io.spanvault.bench.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.bench.loadgen.RequestTemplate;
import io.spanvault.bench.loadgen.SpanShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcknowledgedTracesTest {

    /** The ids looked up afterwards are exactly the trace ids of the requests that were acknowledged. */
    @Test
    void traceIdsAreThoseTheStampedRequestsCarry() throws Exception {
        RequestTemplate template = new RequestTemplate(SpanShape.TRACES10.request(30, 1_000_000L));
        AcknowledgedTraces acknowledged = new AcknowledgedTraces(3, SpanShape.TESTBED_SPANS_PER_TRACE);
        Map<String, Integer> sent = new TreeMap<>();
        for (long sequence : new long[] {7, 0x1_0000_0001L}) {
            acknowledged.add(sequence);
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(template.encode(sequence));
            request.getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
                    .flatMap(s -> s.getSpansList().stream())
                    .forEach(span -> sent.merge(HexFormat.of().formatHex(span.getTraceId().toByteArray()), 1,
                            Integer::sum));
        }
        Map<String, Integer> expected = acknowledged.traceIds().stream()
                .collect(Collectors.toMap(id -> id, id -> acknowledged.spansPerTrace(), (a, b) -> a, TreeMap::new));
        assertEquals(sent, expected);
    }

    @Test
    void writesOneLinePerTraceWithItsSpanCount(@TempDir Path dir) throws Exception {
        AcknowledgedTraces acknowledged = new AcknowledgedTraces(2, 10);
        acknowledged.add(5);
        Path file = dir.resolve("ids.txt");
        acknowledged.write(file);
        assertEquals(List.of("00000000000000050000000000000001 10", "00000000000000050000000000000002 10"),
                Files.readAllLines(file));
    }
}
