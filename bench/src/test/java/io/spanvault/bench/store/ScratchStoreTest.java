package io.spanvault.bench.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.storage.TraceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScratchStoreTest {
    @Test
    void storesWhatIsWrittenAndLeavesNoDirectoryBehind() throws Exception {
        List<Path> before = scratchDirectories();
        ExportTraceServiceRequest batch = SpanShape.TESTBED.request(10,
                TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()));
        try (ScratchStore scratch = ScratchStore.open()) {
            assertEquals(before.size() + 1, scratchDirectories().size());
            scratch.store().write(batch);
            TraceId first = TraceId.of(batch.getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId());
            assertTrue(scratch.store().getTrace(first, null, null).isPresent());
        }
        assertEquals(before, scratchDirectories());
    }

    private static List<Path> scratchDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("spanvault-bench-store")).sorted()
                    .toList();
        }
    }
}
