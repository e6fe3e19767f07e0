package io.spanvault.exporter.file;

import io.spanvault.pipeline.component.ComponentThreads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per file path, shared by the exporters of every signal that write there (the graph makes one
 * exporter per signal; two writers on one file would interleave and rotate under each other). Writes are
 * serialized; a timer flushes every {@code flush_interval}, or each write is flushed when it is 0.
 */
final class SharedFileWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SharedFileWriter.class);
    private static final Map<Path, SharedFileWriter> OPEN = new HashMap<>();

    private final Path path;
    private final RotatingFile file;
    private final boolean flushEachWrite;
    private final ScheduledExecutorService flusher;
    private final ScheduledFuture<?> flushing;
    private int users;

    private SharedFileWriter(Path path, RotationConfig rotation, Duration flushInterval) throws IOException {
        this.path = path;
        this.file = new RotatingFile(path, rotation, Clock.systemDefaultZone());
        this.flushEachWrite = flushInterval.isZero();
        if (flushEachWrite) {
            flusher = null;
            flushing = null;
        } else {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, ComponentThreads.daemon("spanvault-file-flush"));
            flusher = timer;
            long nanos = flushInterval.toNanos();
            flushing = timer.scheduleWithFixedDelay(this::flushQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The writer for the path, opened on first use; each call must be matched by {@link #release()}. */
    static SharedFileWriter acquire(Path path, RotationConfig rotation, Duration flushInterval) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        synchronized (OPEN) {
            SharedFileWriter writer = OPEN.get(key);
            if (writer == null) {
                writer = new SharedFileWriter(key, rotation, flushInterval);
                OPEN.put(key, writer);
            }
            writer.users++;
            return writer;
        }
    }

    synchronized void write(byte[] record) throws IOException {
        file.write(record);
        if (flushEachWrite) {
            file.flush();
        }
    }

    private synchronized void flushQuietly() {
        try {
            file.flush();
        } catch (IOException e) {
            LOG.warn("file exporter: cannot flush {}: {}", path, e.getMessage());
        }
    }

    /** The last user closes the file, flushing what is buffered. */
    void release() throws IOException {
        synchronized (OPEN) {
            if (--users > 0) {
                return;
            }
            OPEN.remove(path);
        }
        if (flushing != null) {
            flushing.cancel(false);
            flusher.shutdown();
        }
        synchronized (this) {
            file.close();
        }
    }
}
