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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * A partition's service map: calls (and failed calls) from parent to child service, counted as spans are
 * written (see {@link CallPairing}). Few (services squared at most), so the totals live on the heap and the
 * file {@code links.log} holds the increments of each write, appended and checksummed: on open the totals are
 * summed again and a torn last record is cut off. Record: {@code int length, int links, links ×
 * (int parentLength, parent, int childLength, child, long calls, long errors), int crc32c}.
 */
final class DependencyLinks implements Closeable {
    private final Map<Edge, long[]> totals = new ConcurrentHashMap<>();
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();

    DependencyLinks(Path file) throws IOException {
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
                add(new Edge(parent, child), in.getLong(), in.getLong());
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

    private void add(Edge edge, long calls, long errors) {
        long[] counts = totals.computeIfAbsent(edge, e -> new long[2]);
        synchronized (counts) {
            counts[0] += calls;
            counts[1] += errors;
        }
    }

    /** Records the calls one write brought; safe from several writers. */
    synchronized void addAll(Delta delta) throws IOException {
        if (delta.size == 0) {
            return;
        }
        byte[][] names = new byte[2 * delta.size][];
        int length = 12;
        for (int i = 0; i < delta.size; i++) {
            names[2 * i] = delta.parents[i].getBytes(StandardCharsets.UTF_8);
            names[2 * i + 1] = delta.children[i].getBytes(StandardCharsets.UTF_8);
            length += 8 + names[2 * i].length + names[2 * i + 1].length + 16;
        }
        ByteBuffer record = ByteBuffer.allocate(length);
        record.putInt(length).putInt(delta.size);
        for (int i = 0; i < delta.size; i++) {
            record.putInt(names[2 * i].length).put(names[2 * i]).putInt(names[2 * i + 1].length).put(names[2 * i + 1])
                    .putLong(delta.counts[2 * i]).putLong(delta.counts[2 * i + 1]);
        }
        crc.reset();
        crc.update(record.array(), 0, length - 4);
        record.putInt((int) crc.getValue()).flip();
        while (record.hasRemaining()) {
            channel.write(record);
        }
        for (int i = 0; i < delta.size; i++) {
            add(new Edge(delta.parents[i], delta.children[i]), delta.counts[2 * i], delta.counts[2 * i + 1]);
        }
    }

    /** Adds this partition's totals to {@code into}. */
    void sumInto(Map<Edge, long[]> into) {
        totals.forEach((edge, counts) -> {
            long[] sum = into.computeIfAbsent(edge, e -> new long[2]);
            synchronized (counts) {
                sum[0] += counts[0];
                sum[1] += counts[1];
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

    /** The calls of one write, by edge; a handful, so looked up by a scan. */
    static final class Delta implements CallPairing.CallSink {
        private String[] parents = new String[8];
        private String[] children = new String[8];
        private long[] counts = new long[16];
        private int size;

        synchronized boolean isEmpty() {
            return size == 0;
        }

        @Override
        public synchronized void call(String parent, String child, boolean error) {
            for (int i = 0; i < size; i++) {
                if (parents[i].equals(parent) && children[i].equals(child)) {
                    counts[2 * i]++;
                    counts[2 * i + 1] += error ? 1 : 0;
                    return;
                }
            }
            if (size == parents.length) {
                parents = java.util.Arrays.copyOf(parents, size * 2);
                children = java.util.Arrays.copyOf(children, size * 2);
                counts = java.util.Arrays.copyOf(counts, size * 4);
            }
            parents[size] = parent;
            children[size] = child;
            counts[2 * size] = 1;
            counts[2 * size + 1] = error ? 1 : 0;
            size++;
        }
    }
}
