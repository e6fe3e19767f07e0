package io.spanvault.exporter.loadbalancing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints whose persistent sending queues may still hold data, one a line in a file next to the
 * queues. A backend's queue directory is named after its endpoint, so without this list a restart with a
 * resolver answer that no longer names an endpoint would never open that endpoint's queue again; with it
 * the load balancer opens the queue and routes what it holds to the backends that own it now.
 */
final class QueuedBackends {
    private static final Logger LOG = LoggerFactory.getLogger(QueuedBackends.class);

    private final Path file;
    private final Function<String, Path> queueDirectory;
    private final Set<String> endpoints = new TreeSet<>();

    /** {@code file} null: the queues are in memory and nothing outlives the process. */
    QueuedBackends(Path file, Function<String, Path> queueDirectory) {
        this.file = file;
        this.queueDirectory = queueDirectory;
    }

    static QueuedBackends inMemory() {
        return new QueuedBackends(null, endpoint -> null);
    }

    /** Reads what a previous run left; a file that cannot be read leaves the list empty, with a warning. */
    synchronized void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    endpoints.add(line.strip());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read the list of backends with queued data {}: {}", file, e.toString());
        }
    }

    synchronized List<String> endpoints() {
        return List.copyOf(endpoints);
    }

    /** Before a backend's queue opens, so a crash right after cannot leave a queue nobody remembers. */
    synchronized void add(String endpoint) {
        if (file != null && endpoints.add(endpoint)) {
            write();
        }
    }

    /** Once a removed backend's queue is empty and closed: forgets it and deletes its directory. */
    synchronized void remove(String endpoint) {
        if (file != null && endpoints.remove(endpoint)) {
            write();
            deleteQueue(queueDirectory.apply(endpoint));
        }
    }

    private static void deleteQueue(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete the drained queue {}: {}", dir, e.toString());
            return;
        }
        try {
            // The endpoint's directory holds one queue a signal; the last one out removes it.
            Files.deleteIfExists(dir.getParent());
        } catch (IOException notEmpty) {
            LOG.debug("{} still holds the queues of other signals", dir.getParent());
        }
    }

    private void write() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, endpoints, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write the list of backends with queued data {}: {}", file, e.toString());
        }
    }
}
