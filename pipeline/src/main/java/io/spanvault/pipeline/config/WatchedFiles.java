package io.spanvault.pipeline.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Tells whether any of a few files changed (modification time, size or file key, so a rename over the file
 * as cert-manager and Kubernetes secrets do counts), looking at most once per interval: a check costs one
 * {@code stat} per file, and is made by the caller (a TLS handshake, an authenticated request), not a timer thread.
 */
public final class WatchedFiles {
    private final List<Path> files;
    private final long intervalNanos;
    private volatile long nextCheck;
    private volatile Object[] seen;

    public WatchedFiles(List<String> files, Duration interval) {
        this.files = files.stream().filter(Objects::nonNull).map(Path::of).toList();
        this.intervalNanos = interval.toNanos();
        this.seen = snapshot();
        this.nextCheck = System.nanoTime() + intervalNanos;
    }

    /** True once after a change, when at least the interval passed since the last look; never for interval 0. */
    public boolean changed() {
        if (intervalNanos == 0 || System.nanoTime() - nextCheck < 0) {
            return false;
        }
        synchronized (this) {
            if (System.nanoTime() - nextCheck < 0) {
                return false;
            }
            nextCheck = System.nanoTime() + intervalNanos;
            Object[] now = snapshot();
            if (Arrays.equals(now, seen)) {
                return false;
            }
            seen = now;
            return true;
        }
    }

    private Object[] snapshot() {
        Object[] state = new Object[files.size() * 3];
        for (int i = 0; i < files.size(); i++) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(files.get(i), BasicFileAttributes.class);
                state[3 * i] = attributes.lastModifiedTime();
                state[3 * i + 1] = attributes.size();
                state[3 * i + 2] = attributes.fileKey();
            } catch (IOException e) {
                // a file being replaced may be missing for a moment: seen as a change, retried next interval
                state[3 * i] = e.getClass();
            }
        }
        return state;
    }
}
