package io.spanvault.exporter.sending;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue kept in a directory so that what was enqueued survives a restart and {@code kill -9}: an
 * append-only log of segment files ({@code segment-<offset>.log}, records {@code [length][crc32c][request]})
 * and a {@code cursor} file holding the committed read offset, the start of the oldest request not yet
 * completed. Offsets are global byte positions, so a segment's name is where it starts and segments are
 * contiguous. On start a torn record at the log's end (a crash mid-write) is cut off, and everything from
 * the cursor on is sent again; requests completed out of order past the cursor may therefore be sent twice
 * (at-least-once). Segments wholly behind the cursor are deleted. A lock file keeps a second process out.
 *
 * <p>An offered record is in the operating system's page cache once {@link #offer} returns, so it survives
 * {@code kill -9}. With {@code fsync}, {@link #durable} completes once it is forced to disk as well. The
 * fsyncs are group commits on a thread of the queue's own: records appended while an fsync runs wait
 * together for the next one, which covers all of them, so concurrent producers share fsyncs instead of
 * queueing for one each, and a producer waiting for the disk holds no thread.
 */
public final class PersistentQueue<T extends Message> implements SendingQueue<T> {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentQueue.class);
    static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
    private static final int HEADER_BYTES = 8;
    private static final String SEGMENT_PREFIX = "segment-";
    private static final String SEGMENT_SUFFIX = ".log";

    private final Path dir;
    private final Parser<T> parser;
    private final int capacity;
    private final boolean fsync;
    private final long segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Syncer syncer;
    private final TreeMap<Long, FileChannel> segments = new TreeMap<>();
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long writeOffset;
    private long readOffset;
    private long committed;
    private int size;
    private boolean closed;
    /** Guards the fields below; never held while taking the queue's own lock. */
    private final Object syncLock = new Object();
    /** Everything before this offset is on disk. */
    private long syncedOffset;
    /** Requests waiting for an fsync, in the order of their records. */
    private final ArrayDeque<SyncWaiter> waiting = new ArrayDeque<>();
    /** Started by the first request that waits for the disk. */
    private Thread syncThread;
    private boolean syncsStopped;

    /** Forces a segment's writes to disk; a test may watch or hold them. */
    @FunctionalInterface
    interface Syncer {
        void force(FileChannel segment) throws IOException;
    }

    private PersistentQueue(Path dir, Parser<T> parser, int capacity, boolean fsync, long segmentBytes,
            FileChannel lockChannel, FileLock lock, Syncer syncer) {
        this.dir = dir;
        this.parser = parser;
        this.capacity = capacity;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.syncer = syncer;
    }

    /** Opens (or creates) the queue in {@code dir}, recovering what a previous process left there. */
    public static <T extends Message> PersistentQueue<T> open(Path dir, Parser<T> parser, int capacity,
            boolean fsync) throws IOException {
        return open(dir, parser, capacity, fsync, DEFAULT_SEGMENT_BYTES);
    }

    static <T extends Message> PersistentQueue<T> open(Path dir, Parser<T> parser, int capacity, boolean fsync,
            long segmentBytes) throws IOException {
        return open(dir, parser, capacity, fsync, segmentBytes, channel -> channel.force(false));
    }

    static <T extends Message> PersistentQueue<T> open(Path dir, Parser<T> parser, int capacity, boolean fsync,
            long segmentBytes, Syncer syncer) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lockChannel.close();
            throw new IOException("queue directory " + dir + " is in use by this process already", e);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("queue directory " + dir + " is in use by another process");
        }
        PersistentQueue<T> queue = new PersistentQueue<>(dir, parser, capacity, fsync, segmentBytes, lockChannel,
                lock, syncer);
        try {
            queue.recover();
        } catch (IOException | RuntimeException e) {
            queue.close();
            throw e;
        }
        return queue;
    }

    private void recover() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX)) {
                    long base = Long.parseLong(name.substring(SEGMENT_PREFIX.length(),
                            name.length() - SEGMENT_SUFFIX.length()));
                    segments.put(base, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
                }
            }
        }
        committed = readCursor();
        if (segments.isEmpty()) {
            createSegment(committed);
            writeOffset = committed;
        } else {
            Map.Entry<Long, FileChannel> last = segments.lastEntry();
            long validEnd = validEnd(last.getKey(), last.getValue());
            if (validEnd < last.getValue().size()) {
                LOG.warn("sending queue {}: cutting off a torn record at the end of the log ({} bytes)", dir,
                        last.getValue().size() - validEnd);
                last.getValue().truncate(validEnd);
            }
            writeOffset = last.getKey() + validEnd;
        }
        committed = Math.max(segments.firstKey(), Math.min(committed, writeOffset));
        readOffset = committed;
        syncedOffset = writeOffset;
        deleteSegmentsBefore(committed);
        size = countRecords(committed, writeOffset);
        if (size > 0) {
            LOG.info("sending queue {}: {} requests from before the restart will be sent", dir, size);
        }
    }

    /** The end of the last whole record with a good checksum in the segment. */
    private long validEnd(long base, FileChannel channel) throws IOException {
        long at = 0;
        long fileSize = channel.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (at + HEADER_BYTES <= fileSize) {
            header.clear();
            readFully(channel, header, at);
            int length = header.getInt(0);
            if (length < 0 || at + HEADER_BYTES + length > fileSize) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(channel, payload, at + HEADER_BYTES);
            if (crc(payload.array()) != header.getInt(4)) {
                break;
            }
            at += HEADER_BYTES + length;
        }
        return at;
    }

    private int countRecords(long from, long to) throws IOException {
        int count = 0;
        long at = from;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (at < to) {
            Map.Entry<Long, FileChannel> segment = segments.floorEntry(at);
            header.clear();
            readFully(segment.getValue(), header, at - segment.getKey());
            at += HEADER_BYTES + header.getInt(0);
            count++;
        }
        return count;
    }

    @Override
    public boolean offer(T request) throws IOException {
        // the record, header and request, in one buffer and one write
        int length = request.getSerializedSize();
        byte[] record = new byte[HEADER_BYTES + length];
        CodedOutputStream out = CodedOutputStream.newInstance(record, HEADER_BYTES, length);
        request.writeTo(out);
        out.checkNoSpaceLeft();
        CRC32C crc = new CRC32C();
        crc.update(record, HEADER_BYTES, length);
        ByteBuffer.wrap(record).putInt(0, length).putInt(4, (int) crc.getValue());
        synchronized (this) {
            if (closed) {
                throw new IOException("sending queue " + dir + " is closed");
            }
            if (size >= capacity) {
                return false;
            }
            Map.Entry<Long, FileChannel> active = segments.lastEntry();
            long local = writeOffset - active.getKey();
            if (local > 0 && local + record.length > segmentBytes) {
                createSegment(writeOffset);
                active = segments.lastEntry();
                local = 0;
            }
            writeFully(active.getValue(), ByteBuffer.wrap(record), local);
            writeOffset += record.length;
            size++;
        }
        return true;
    }

    /**
     * Completes once every record appended so far is on disk. The fsyncs are group commits run by the queue's
     * fsync thread: it syncs everything appended when it starts, and requests whose records were appended
     * meanwhile wait together for its next fsync, holding no thread while they wait.
     */
    @Override
    public CompletionStage<Void> durable() {
        if (!fsync) {
            return CompletableFuture.completedFuture(null);
        }
        long end;
        synchronized (this) {
            end = writeOffset;
        }
        synchronized (syncLock) {
            if (syncedOffset >= end) {
                return CompletableFuture.completedFuture(null);
            }
            if (syncsStopped) {
                return CompletableFuture.failedFuture(new IOException("sending queue " + dir + " is closed"));
            }
            CompletableFuture<Void> synced = new CompletableFuture<>();
            waiting.addLast(new SyncWaiter(end, synced));
            if (syncThread == null) {
                syncThread = new Thread(this::runSyncs, "spanvault-queue-fsync-" + dir.getFileName());
                syncThread.setDaemon(true);
                syncThread.start();
            } else {
                syncLock.notifyAll();
            }
            return synced;
        }
    }

    /** The fsync thread: while records wait for the disk, syncs all that was appended and answers them. */
    private void runSyncs() {
        while (true) {
            long from;
            synchronized (syncLock) {
                while (waiting.isEmpty()) {
                    if (syncsStopped) {
                        return;
                    }
                    try {
                        syncLock.wait();
                    } catch (InterruptedException e) {
                        // nobody interrupts this thread but close's signal, which the loop checks
                        Thread.interrupted();
                    }
                }
                from = syncedOffset;
            }
            long target;
            List<FileChannel> unsynced = List.of();
            IOException failure = null;
            synchronized (this) {
                target = writeOffset;
                if (closed) {
                    failure = new IOException("sending queue " + dir + " was closed before its fsync");
                } else {
                    Long first = segments.floorKey(from);
                    unsynced = new ArrayList<>((first == null ? segments : segments.tailMap(first, true)).values());
                }
            }
            try {
                for (FileChannel segment : unsynced) {
                    forceUnlessDeleted(segment);
                }
            } catch (IOException e) {
                failure = e;
            }
            List<SyncWaiter> covered = new ArrayList<>();
            synchronized (syncLock) {
                if (failure == null) {
                    syncedOffset = Math.max(syncedOffset, target);
                }
                while (!waiting.isEmpty() && waiting.peekFirst().end() <= target) {
                    covered.add(waiting.pollFirst());
                }
            }
            for (SyncWaiter waiter : covered) {
                if (failure == null) {
                    waiter.synced().complete(null);
                } else {
                    waiter.synced().completeExceptionally(failure);
                }
            }
        }
    }

    /** A request waiting for the fsync that covers its record, which ends at {@code end}. */
    private record SyncWaiter(long end, CompletableFuture<Void> synced) {
    }

    /** A segment deleted meanwhile had every record sent already: nothing of it needs to reach the disk. */
    private void forceUnlessDeleted(FileChannel segment) throws IOException {
        try {
            syncer.force(segment);
        } catch (java.nio.channels.ClosedChannelException deleted) {
            synchronized (this) {
                if (closed) {
                    throw new IOException("sending queue " + dir + " is closed", deleted);
                }
            }
        }
    }

    @Override
    public synchronized Queued<T> poll() throws IOException {
        while (!closed && readOffset < writeOffset) {
            Map.Entry<Long, FileChannel> segment = segments.floorEntry(readOffset);
            long local = readOffset - segment.getKey();
            FileChannel channel = segment.getValue();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            readFully(channel, header, local);
            int length = header.getInt(0);
            byte[] payload = null;
            if (length >= 0 && local + HEADER_BYTES + length <= channel.size()) {
                ByteBuffer buffer = ByteBuffer.allocate(length);
                readFully(channel, buffer, local + HEADER_BYTES);
                payload = buffer.array();
            }
            if (payload == null || crc(payload) != header.getInt(4)) {
                skipCorruptSegment(segment.getKey(), channel);
                continue;
            }
            long position = readOffset;
            readOffset += HEADER_BYTES + length;
            inFlight.add(position);
            try {
                return new Queued<>(parser.parseFrom(payload), position);
            } catch (InvalidProtocolBufferException e) {
                LOG.warn("sending queue {}: dropping a request that does not parse: {}", dir, e.getMessage());
                complete(new Queued<>(null, position));
            }
        }
        return null;
    }

    /** A record failed its checksum (the disk lost data): what follows in that segment cannot be framed. */
    private void skipCorruptSegment(long base, FileChannel channel) throws IOException {
        long end = base == segments.lastKey() ? writeOffset : base + channel.size();
        LOG.warn("sending queue {}: dropping {} bytes after a corrupt record at offset {}", dir, end - readOffset,
                readOffset);
        readOffset = end;
        size = inFlight.size() + countRecords(readOffset, writeOffset);
        advanceCursor();
    }

    @Override
    public synchronized void complete(Queued<T> item) throws IOException {
        if (!inFlight.remove(item.position())) {
            return;
        }
        size--;
        advanceCursor();
    }

    private void advanceCursor() throws IOException {
        long cursor = inFlight.isEmpty() ? readOffset : inFlight.first();
        if (cursor <= committed || closed) {
            return;
        }
        Path tmp = dir.resolve("cursor.tmp");
        ByteBuffer data = ByteBuffer.allocate(12).putLong(cursor);
        data.putInt(crc(java.util.Arrays.copyOf(data.array(), 8))).flip();
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, data, 0);
        }
        Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = cursor;
        deleteSegmentsBefore(cursor);
    }

    private long readCursor() throws IOException {
        Path file = dir.resolve("cursor");
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] data = Files.readAllBytes(file);
        if (data.length != 12 || crc(java.util.Arrays.copyOf(data, 8)) != ByteBuffer.wrap(data).getInt(8)) {
            LOG.warn("sending queue {}: cursor file is damaged; sending everything still in the log", dir);
            return 0;
        }
        return ByteBuffer.wrap(data).getLong(0);
    }

    private void deleteSegmentsBefore(long cursor) throws IOException {
        List<Long> done = new ArrayList<>();
        for (Map.Entry<Long, FileChannel> segment : segments.headMap(segments.lastKey()).entrySet()) {
            if (segment.getKey() + segment.getValue().size() <= cursor) {
                done.add(segment.getKey());
            }
        }
        for (long base : done) {
            segments.remove(base).close();
            Files.deleteIfExists(segmentPath(base));
        }
    }

    private void createSegment(long base) throws IOException {
        segments.put(base, FileChannel.open(segmentPath(base), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
        if (fsync) {
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            } catch (IOException e) {
                LOG.debug("sending queue {}: cannot sync the directory: {}", dir, e.getMessage());
            }
        }
    }

    private Path segmentPath(long base) {
        return dir.resolve(String.format("%s%020d%s", SEGMENT_PREFIX, base, SEGMENT_SUFFIX));
    }

    @Override
    public synchronized int size() {
        return size;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (syncLock) {
            // waiting requests still get their answer: the fsync thread's next force finds the queue closed
            syncsStopped = true;
            syncLock.notifyAll();
        }
        for (FileChannel channel : segments.values()) {
            channel.close();
        }
        segments.clear();
        lock.release();
        lockChannel.close();
    }

    private static int crc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of queue segment at " + at);
            }
            at += n;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
