package io.spanvault.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuProfileBreakdownTest {

    @Test
    void answeringInsideAStoreWriteCountsAsAnswering() {
        assertEquals("gRPC answer queued (sendHeaders, sendMessage, close)", CpuProfileBreakdown.step(List.of(
                "io.grpc.internal.ServerCallImpl.sendHeaders",
                "io.spanvault.receiver.otlp.grpc.AdmittedExportCall$Exchange.lambda$export$0",
                "java.util.concurrent.CompletableFuture.postComplete",
                "io.spanvault.exporter.store.WriterPool.write",
                "io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler.run")));
    }

    @Test
    void aStoreWriteOnTheEventLoopCountsAsTheStoresNotTheFramesAroundIt() {
        assertEquals("store write", CpuProfileBreakdown.step(List.of(
                "io.spanvault.storage.chronicle.Lane.append",
                "io.spanvault.storage.chronicle.ChronicleTraceStore.write",
                "io.spanvault.processor.batch.BatchProcessor.consume",
                "io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2FrameReader.readDataFrame")));
    }

    @Test
    void framingStepsAreToldApart() {
        assertEquals("HTTP/2 HEADERS in (HPACK, stream and call set-up)", CpuProfileBreakdown.step(List.of(
                "io.grpc.netty.shaded.io.netty.handler.codec.http2.HpackDecoder.decode",
                "io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2FrameReader.readHeadersFrame",
                "io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2FrameReader.readFrame")));
        assertEquals("gRPC answer written (frames, HPACK, flow control, writev)", CpuProfileBreakdown.step(List.of(
                "io.grpc.netty.shaded.io.netty.channel.unix.FileDescriptor.writevAddresses",
                "io.grpc.netty.shaded.io.netty.channel.epoll.AbstractEpollStreamChannel.doWrite",
                "io.grpc.netty.shaded.io.grpc.netty.WriteQueue.flush")));
        assertEquals("socket writes", CpuProfileBreakdown.step(List.of(
                "sun.nio.ch.SocketDispatcher.write0", "io.netty.channel.nio.AbstractNioByteChannel.doWrite")));
        assertEquals(CpuProfileBreakdown.OTHER, CpuProfileBreakdown.step(List.of("java.lang.Thread.run")));
    }

    @Test
    void readsARecordingsSamplesByThreadGroup(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spin.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            Thread spinner = new Thread(CpuProfileBreakdownTest::spin, "otlp-grpc-7-1");
            spinner.start();
            spinner.join();
            recording.stop();
            recording.dump(file);
        }
        CpuProfileBreakdown.Breakdown breakdown = CpuProfileBreakdown.read(file, "otlp-grpc");
        assertEquals("jdk.ExecutionSample", breakdown.eventType());
        assertTrue(breakdown.byGroup().getOrDefault("otlp-grpc", 0L) > 0, breakdown.byGroup().toString());
        assertEquals(breakdown.byGroup().get("otlp-grpc"), breakdown.selected());
        assertEquals(breakdown.selected(), breakdown.bySteps().values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * Reads the clock only once per million steps: where the clock is a system call rather than the vDSO (CI's
     * machine), a loop that read it every step spent its time outside Java code, and no sample could be taken.
     */
    private static void spin() {
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long x = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000_000; i++) {
                x += Long.numberOfTrailingZeros(x + i + 1);
            }
        }
        if (x == 42) {
            System.out.println(x);
        }
    }
}
