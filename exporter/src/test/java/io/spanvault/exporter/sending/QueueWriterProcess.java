package io.spanvault.exporter.sending;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.testkit.TestTraces;
import java.nio.file.Path;

/**
 * A child JVM for the crash test: enqueues requests into a persistent queue and prints "acked N" after each
 * one the queue accepted (with fsync, once its fsync completed), until it is killed.
 */
public final class QueueWriterProcess {
    private QueueWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        PersistentQueue<ExportTraceServiceRequest> queue = PersistentQueue.open(Path.of(args[0]),
                ExportTraceServiceRequest.parser(), Integer.MAX_VALUE, Boolean.parseBoolean(args[1]));
        for (long seed = 1; ; seed++) {
            if (queue.offer(TestTraces.request("crash", 2, seed))) {
                queue.durable().toCompletableFuture().join();
                System.out.println("acked " + seed);
                System.out.flush();
            }
        }
    }
}
