package io.spanvault.storage.chronicle;

import io.spanvault.storage.DependencyLink;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A partition's service map: calls (and failed calls) from parent to child service, counted as spans are
 * written (see {@link CallPairing}). Few (services squared at most, per minute), so the counts live on the heap
 * and the file {@code links.log} holds the increments of each write, appended and checksummed: on open the
 * counts are summed again and a torn last record is cut off. Record: {@code int length, int links, links ×
 * (int parentLength, parent, int childLength, child, [long minute,] long calls, long errors), int crc32c}.
 *
 * <p>From format 4 ({@code perMinute}) each count has the minute (since the epoch) its child span started in,
 * so a window is answered to the minute; a partition of an older format has one count per edge for the
 * whole partition, which a window takes whole or not at all.
 */
final class DependencyLinks implements Closeable {
    private final boolean perMinute;
    /** Guarded by this; for an older format every count is under minute 0. */
    private final Map<Edge, MinuteCounts> counts = new HashMap<>();
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();

    DependencyLinks(Path file, boolean perMinute) throws IOException {
        this.perMinute = perMinute;
        long valid = Files.exists(file) ? load(ByteBuffer.wrap(Files.readAllBytes(file))) : 0;
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(valid);
        channel.position(valid);
    }

    private long load(ByteBuffer in) {
        CRC32C check = new CRC32C();
        while (in.remaining() >= 12) {
            int start = in.position();
            int length = in.getInt(start);
            if (length < 12 || length > in.remaining()) {
                return start;
            }
            check.reset();
            check.update(in.array(), start, length - 4);
            if ((int) check.getValue() != in.getInt(start + length - 4)) {
                return start;
            }
            in.position(start + 4);
            int links = in.getInt();
            for (int i = 0; i < links; i++) {
                String parent = readString(in);
                String child = readString(in);
                long minute = perMinute ? in.getLong() : 0;
                add(new Edge(parent, child), minute, in.getLong(), in.getLong());
            }
            in.position(start + length);
        }
        return in.position();
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private void add(Edge edge, long minute, long calls, long errors) {
        counts.computeIfAbsent(edge, e -> new MinuteCounts()).add(perMinute ? minute : 0, calls, errors);
    }

    /** Whether the counts have minutes (format 4 on), so a window can take part of them. */
    boolean perMinute() {
        return perMinute;
    }

    /** Records the calls one write brought; safe from several writers. */
    synchronized void addAll(Delta delta) throws IOException {
        if (delta.size == 0) {
            return;
        }
        byte[][] names = new byte[2 * delta.size][];
        int entries = 0;
        int length = 12;
        for (int i = 0; i < delta.size; i++) {
            names[2 * i] = delta.parents[i].getBytes(StandardCharsets.UTF_8);
            names[2 * i + 1] = delta.children[i].getBytes(StandardCharsets.UTF_8);
            int edgeBytes = 8 + names[2 * i].length + names[2 * i + 1].length + (perMinute ? 24 : 16);
            length += edgeBytes * delta.counts[i].minutes();
            entries += delta.counts[i].minutes();
        }
        ByteBuffer record = ByteBuffer.allocate(length);
        record.putInt(length).putInt(entries);
        for (int i = 0; i < delta.size; i++) {
            byte[] parent = names[2 * i];
            byte[] child = names[2 * i + 1];
            delta.counts[i].forEach((minute, calls, errors) -> {
                record.putInt(parent.length).put(parent).putInt(child.length).put(child);
                if (perMinute) {
                    record.putLong(minute);
                }
                record.putLong(calls).putLong(errors);
            });
        }
        crc.reset();
        crc.update(record.array(), 0, length - 4);
        record.putInt((int) crc.getValue()).flip();
        while (record.hasRemaining()) {
            channel.write(record);
        }
        for (int i = 0; i < delta.size; i++) {
            Edge edge = new Edge(delta.parents[i], delta.children[i]);
            delta.counts[i].forEach((minute, calls, errors) -> add(edge, minute, calls, errors));
        }
    }

    /**
     * Adds the calls whose child span started in minutes {@code fromMinute} to {@code toMinute} (inclusive)
     * to {@code into}; without minutes (an older format), all of them. Still answers once the file is closed.
     */
    synchronized void sumInto(long fromMinute, long toMinute, Map<Edge, long[]> into) {
        long from = perMinute ? fromMinute : Long.MIN_VALUE;
        long to = perMinute ? toMinute : Long.MAX_VALUE;
        long[] sum = new long[2];
        counts.forEach((edge, byMinute) -> {
            sum[0] = 0;
            sum[1] = 0;
            byMinute.sum(from, to, sum);
            if (sum[0] != 0 || sum[1] != 0) {
                long[] total = into.computeIfAbsent(edge, e -> new long[2]);
                total[0] += sum[0];
                total[1] += sum[1];
            }
        });
    }

    static List<DependencyLink> links(Map<Edge, long[]> totals) {
        List<DependencyLink> links = new ArrayList<>();
        totals.forEach((edge, counts) -> links.add(new DependencyLink(edge.parent(), edge.child(), counts[0],
                counts[1])));
        links.sort(java.util.Comparator.comparing(DependencyLink::parent).thenComparing(DependencyLink::child));
        return links;
    }

    long size() throws IOException {
        return channel.size();
    }

    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    record Edge(String parent, String child) {
    }

    /** The calls of one write, by edge (a handful, so looked up by a scan) and minute. */
    static final class Delta implements CallPairing.CallSink {
        private String[] parents = new String[8];
        private String[] children = new String[8];
        private MinuteCounts[] counts = new MinuteCounts[8];
        private int size;

        synchronized boolean isEmpty() {
            return size == 0;
        }

        @Override
        public synchronized void call(String parent, String child, boolean error, long childStart) {
            long minute = MinuteCounts.minuteOf(childStart);
            for (int i = 0; i < size; i++) {
                if (parents[i].equals(parent) && children[i].equals(child)) {
                    counts[i].add(minute, 1, error ? 1 : 0);
                    return;
                }
            }
            if (size == parents.length) {
                parents = java.util.Arrays.copyOf(parents, size * 2);
                children = java.util.Arrays.copyOf(children, size * 2);
                counts = java.util.Arrays.copyOf(counts, size * 2);
            }
            parents[size] = parent;
            children[size] = child;
            counts[size] = new MinuteCounts();
            counts[size].add(minute, 1, error ? 1 : 0);
            size++;
        }
    }
}
