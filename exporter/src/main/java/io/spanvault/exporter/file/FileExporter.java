package io.spanvault.exporter.file;

import com.google.protobuf.Message;
import io.spanvault.exporter.sending.SendingMetrics;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Appends each request to the file in the configured format; an I/O failure is retryable (a disk may free up). */
final class FileExporter<T extends Message> implements Exporter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(FileExporter.class);

    private final FileExporterConfig config;
    private final Signal<T> signal;
    private final FileFormat format;
    private final SendingMetrics metrics;
    private final String name;
    private volatile SharedFileWriter writer;

    FileExporter(FileExporterConfig config, Signal<T> signal, SendingMetrics metrics, String name) {
        this.config = config;
        this.signal = signal;
        this.format = FileFormat.of(config.format());
        this.metrics = metrics;
        this.name = name;
    }

    @Override
    public void start(Host host) throws IOException {
        writer = SharedFileWriter.acquire(Path.of(config.requiredPath()), config.rotation(), config.flushInterval());
    }

    @Override
    public CompletionStage<Void> consume(T request) {
        int items = signal.itemCount(request);
        SharedFileWriter out = writer;
        if (out == null) {
            return CompletableFuture.failedFuture(new RetryableException("exporter " + name + " is not running", null));
        }
        try {
            out.write(format.frame(request));
        } catch (IOException e) {
            metrics.sendFailed(items);
            return CompletableFuture.failedFuture(new RetryableException("exporter " + name + " cannot write "
                    + config.path() + ": " + e.getMessage(), null, e));
        }
        metrics.sent(items);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.release();
        } catch (IOException e) {
            LOG.warn("exporter {}: closing {} failed: {}", name, config.path(), e.getMessage());
        }
        writer = null;
    }
}
