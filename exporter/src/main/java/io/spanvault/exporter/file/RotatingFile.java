package io.spanvault.exporter.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * An append-only file that, with a {@link RotationConfig}, moves itself aside before a write would take it
 * past {@code max_megabytes} and keeps at most {@code max_backups} moved-aside files. A record is never split
 * across two files. Not thread-safe; the writer serializes.
 */
final class RotatingFile implements AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS");

    private final Path path;
    private final RotationConfig rotation;
    private final Clock clock;
    private OutputStream out;
    private long size;

    RotatingFile(Path path, RotationConfig rotation, Clock clock) throws IOException {
        this.path = path.toAbsolutePath();
        this.rotation = rotation;
        this.clock = clock;
        Path parent = this.path.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        open();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
        size = Files.size(path);
    }

    void write(byte[] record) throws IOException {
        if (rotation != null && size > 0 && size + record.length > rotation.maxBytes()) {
            rotate();
        }
        out.write(record);
        size += record.length;
    }

    void flush() throws IOException {
        out.flush();
    }

    private void rotate() throws IOException {
        out.close();
        ZoneId zone = rotation.localtime() ? clock.getZone() : ZoneOffset.UTC;
        String stamp = STAMP.format(clock.instant().atZone(zone));
        Path backup = path.resolveSibling(withStamp(path.getFileName().toString(), stamp));
        for (int n = 1; Files.exists(backup); n++) {
            backup = path.resolveSibling(withStamp(path.getFileName().toString(), stamp + "-" + n));
        }
        Files.move(path, backup);
        open();
        deleteOldBackups();
    }

    /** {@code spans.json} → {@code spans-<stamp>.json}; no extension → {@code spans-<stamp>}. */
    private static String withStamp(String name, String stamp) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name + "-" + stamp : name.substring(0, dot) + "-" + stamp + name.substring(dot);
    }

    private void deleteOldBackups() throws IOException {
        if (rotation.maxBackups() == 0) {
            return;
        }
        List<Path> backups = backups();
        for (int i = 0; i < backups.size() - rotation.maxBackups(); i++) {
            Files.deleteIfExists(backups.get(i));
        }
    }

    /** The moved-aside files, oldest first (the timestamp sorts by name). */
    List<Path> backups() throws IOException {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String prefix = (dot <= 0 ? name : name.substring(0, dot)) + "-";
        String suffix = dot <= 0 ? "" : name.substring(dot);
        try (Stream<Path> files = Files.list(path.getParent())) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix) && !p.equals(path)
                        && n.length() > prefix.length() + suffix.length()
                        && Character.isDigit(n.charAt(prefix.length()));
            }).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
