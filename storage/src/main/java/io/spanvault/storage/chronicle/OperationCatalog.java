package io.spanvault.storage.chronicle;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services and operations seen in a partition: few (bounded by the instrumented code, not by traffic),
 * so they are kept on the heap and in an append-only file of length-prefixed UTF-8 strings
 * ({@code service, kind, name}) that is read back on open; a torn last entry is ignored.
 */
final class OperationCatalog implements Closeable {
    private final Set<OperationKey> operations = ConcurrentHashMap.newKeySet();
    private final FileChannel channel;

    OperationCatalog(Path file) throws IOException {
        long valid = Files.exists(file) ? load(ByteBuffer.wrap(Files.readAllBytes(file))) : 0;
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(valid);
        channel.position(valid);
    }

    /** Reads the entries and returns where the intact ones end. */
    private long load(ByteBuffer in) {
        while (true) {
            int start = in.position();
            String service = readString(in);
            String kind = service == null ? null : readString(in);
            String name = kind == null ? null : readString(in);
            if (name == null) {
                return start;
            }
            operations.add(new OperationKey(service, kind, name));
        }
    }

    private static String readString(ByteBuffer in) {
        if (in.remaining() < 4) {
            return null;
        }
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            return null;
        }
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    /** Records the operations not yet known. Safe from several writers; most batches bring none new. */
    void addAll(Collection<OperationKey> seen) throws IOException {
        if (!operations.containsAll(seen)) {
            addNew(seen);
        }
    }

    private synchronized void addNew(Collection<OperationKey> seen) throws IOException {
        for (OperationKey op : seen) {
            if (operations.contains(op)) {
                continue;
            }
            byte[] service = op.service().getBytes(StandardCharsets.UTF_8);
            byte[] kind = op.kind().getBytes(StandardCharsets.UTF_8);
            byte[] name = op.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer entry = ByteBuffer.allocate(12 + service.length + kind.length + name.length);
            entry.putInt(service.length).put(service).putInt(kind.length).put(kind).putInt(name.length).put(name).flip();
            while (entry.hasRemaining()) {
                channel.write(entry);
            }
            operations.add(op);
        }
    }

    Set<OperationKey> operations() {
        return operations;
    }

    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
