package io.spanvault.exporter.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileExporterTest {
    @TempDir
    Path dir;

    private final Telemetry telemetry = new Telemetry();

    private <T extends com.google.protobuf.Message> Exporter<T> start(FileExporterConfig config, Signal<T> signal)
            throws Exception {
        Exporter<T> exporter = new FileExporterFactory().create(new ComponentContext(ComponentKind.EXPORTER,
                ComponentId.parse("file"), telemetry), config, signal);
        exporter.start(null);
        return exporter;
    }

    private static List<byte[]> protoFrames(Path file) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return frames;
                }
                frames.add(in.readNBytes(length));
            }
        }
    }

    private static ExportTraceServiceRequest bigRequest(long seed, int attributeBytes) {
        ExportTraceServiceRequest.Builder b = TestTraces.request("big", 1, seed).toBuilder();
        b.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0)
                .addAttributes(TestTraces.stringAttribute("payload", "x".repeat(attributeBytes)));
        return b.build();
    }

    @Test
    void writesLengthPrefixedProtobuf() throws Exception {
        Path file = dir.resolve("spans.pb");
        Exporter<ExportTraceServiceRequest> exporter = start(new FileExporterConfig(file.toString(), "proto", null,
                null), Signal.TRACES);
        for (int i = 1; i <= 3; i++) {
            exporter.consume(TestTraces.request("svc", 2, i)).toCompletableFuture().join();
        }
        exporter.close();
        List<byte[]> frames = protoFrames(file);
        assertEquals(3, frames.size());
        for (int i = 1; i <= 3; i++) {
            assertEquals(TestTraces.request("svc", 2, i), ExportTraceServiceRequest.parseFrom(frames.get(i - 1)));
        }
        assertEquals(6, telemetry.counter("otelcol_exporter_sent_spans", "", Labels.of("exporter", "file")).value());
    }

    @Test
    void writesOneOtlpJsonRequestPerLineByDefault() throws Exception {
        Path file = dir.resolve("spans.json");
        Exporter<ExportTraceServiceRequest> exporter = start(new FileExporterConfig(file.toString(), null, null,
                null), Signal.TRACES);
        for (int i = 1; i <= 3; i++) {
            exporter.consume(TestTraces.request("svc", 2, i)).toCompletableFuture().join();
        }
        exporter.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        for (int i = 1; i <= 3; i++) {
            assertEquals(TestTraces.request("svc", 2, i), OtlpJson.decode(lines.get(i - 1),
                    ExportTraceServiceRequest.getDefaultInstance()));
        }
        assertTrue(lines.get(0).contains("\"traceId\":\"0000000000005a5a0000000000000001\""), lines.get(0));
    }

    @Test
    void zeroFlushIntervalFlushesBeforeAcknowledging() throws Exception {
        Path file = dir.resolve("spans.pb");
        Exporter<ExportTraceServiceRequest> exporter = start(new FileExporterConfig(file.toString(), "proto", null,
                Duration.ZERO), Signal.TRACES);
        exporter.consume(TestTraces.request("svc", 1)).toCompletableFuture().join();
        assertEquals(1, protoFrames(file).size());
        exporter.close();
    }

    @Test
    void rotatesBySizeWithoutSplittingARecordAndKeepsMaxBackups() throws Exception {
        Path file = dir.resolve("spans.pb");
        Exporter<ExportTraceServiceRequest> exporter = start(new FileExporterConfig(file.toString(), "proto",
                new RotationConfig(1, 2, null), null), Signal.TRACES);
        for (int i = 1; i <= 12; i++) {
            exporter.consume(bigRequest(i, 300_000)).toCompletableFuture().join();
        }
        exporter.close();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        assertEquals(3, files.size(), "the live file and max_backups=2 backups: " + files);
        List<ExportTraceServiceRequest> kept = new ArrayList<>();
        for (Path f : files.subList(0, 2)) {
            assertTrue(f.getFileName().toString().matches("spans-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}(-\\d+)?\\.pb"),
                    f.getFileName().toString());
        }
        for (Path f : List.of(files.get(0), files.get(1), file)) {
            assertTrue(Files.size(f) <= 1024 * 1024, f + " is " + Files.size(f) + " bytes");
            for (byte[] frame : protoFrames(f)) {
                kept.add(ExportTraceServiceRequest.parseFrom(frame));
            }
        }
        List<ExportTraceServiceRequest> newestNine = new ArrayList<>();
        for (int i = 4; i <= 12; i++) {
            newestNine.add(bigRequest(i, 300_000));
        }
        assertEquals(newestNine, kept, "three 300 KB requests per file; the oldest backup was deleted");
    }

    @Test
    void signalsWritingToOnePathShareOneWellFramedFile() throws Exception {
        Path file = dir.resolve("all.pb");
        FileExporterConfig config = new FileExporterConfig(file.toString(), "proto", null, null);
        Exporter<ExportTraceServiceRequest> traces = start(config, Signal.TRACES);
        Exporter<ExportLogsServiceRequest> logs = start(config, Signal.LOGS);
        ExportLogsServiceRequest log = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder().setSeverityText("INFO"))))
                .build();
        traces.consume(TestTraces.request("svc", 1)).toCompletableFuture().join();
        logs.consume(log).toCompletableFuture().join();
        traces.close();
        logs.consume(log).toCompletableFuture().join();
        logs.close();
        List<byte[]> frames = protoFrames(file);
        assertEquals(3, frames.size());
        assertEquals(log, ExportLogsServiceRequest.parseFrom(frames.get(2)));
    }

    @Test
    void configIsValidated() {
        FileExporterFactory factory = new FileExporterFactory();
        assertEquals("exporters.file.path", assertThrows(InvalidConfigException.class, () -> factory.create(
                new ComponentContext(ComponentKind.EXPORTER, ComponentId.parse("file"), telemetry),
                factory.defaultConfig(), Signal.TRACES)).key());
        assertEquals("format", assertThrows(InvalidConfigException.class,
                () -> new FileExporterConfig("x", "xml", null, null)).key());
        assertEquals("max_megabytes", assertThrows(InvalidConfigException.class,
                () -> new RotationConfig(0, null, null)).key());
        assertEquals(100L * 1024 * 1024, new RotationConfig(null, null, null).maxBytes());
    }
}
