package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Appends to one of a lane's logs through a mapping of the window its end is in, instead of a write call per
 * append: at a hundred writes a second, on a core woken from idle, each call costs tens of microseconds, and a
 * write made three (span log, index, postings).
 *
 * <p>A window is filled with zeros by a write call before it is mapped, so its blocks are the file system's
 * before any byte lands in the mapping: a full disk fails that call with an {@link IOException}, where a store
 * into a sparse mapping would fault. A store into the mapping is in the page cache once made, so an
 * acknowledged write survives {@code kill -9} as a written one did; after a crash the file ends at its window's
 * end, not at its last record, and each log finds its end on open from what it holds (see its owner). On
 * {@link #trim} the file is cut back to the log's end.
 */
final class MappedTail {
    /** How far ahead of the log's end the file is filled and mapped at a time. */
    static final int WINDOW = 1 << 18;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 16);
    /**
     * Unmaps a window as soon as the log moves past it. Left to the collector, a window that lived long enough to
     * be promoted stays mapped, its pages counted in the process's resident memory, until a full collection:
     * the whole log written since. Null where the JDK no longer has it; then the collector unmaps.
     */
    private static final MethodHandle UNMAP = unmapHandle();

    private final FileChannel channel;
    private MappedByteBuffer window;
    private long windowStart = -1;

    MappedTail(FileChannel channel) {
        this.channel = channel;
    }

    /** Writes {@code records} at {@code at}, the log's end; returns the new end. */
    long write(ByteBuffer records, long at) throws IOException {
        long position = at;
        while (records.hasRemaining()) {
            long start = position & -WINDOW;
            if (start != windowStart) {
                map(start);
            }
            int offset = (int) (position - start);
            int n = Math.min(records.remaining(), WINDOW - offset);
            window.put(offset, records, records.position(), n);
            records.position(records.position() + n);
            position += n;
        }
        return position;
    }

    private void map(long start) throws IOException {
        unmap();
        long end = start + WINDOW;
        ByteBuffer zeros = ZEROS.duplicate();
        for (long at = channel.size(); at < end; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), end - at));
            at += channel.write(zeros, at);
        }
        window = channel.map(FileChannel.MapMode.READ_WRITE, start, WINDOW);
        windowStart = start;
    }

    /**
     * Cuts the file back to {@code end}, the log's end, dropping the mapping first: the next write maps its
     * window again. A store into a mapping past a file's end would fault, so nothing may write through it after.
     */
    void trim(long end) throws IOException {
        unmap();
        if (channel.size() > end) {
            channel.truncate(end);
        }
    }

    /**
     * Drops the window. A store into an unmapped window would crash the JVM, so only the lane's writer may hold
     * it: appends run under the lane's lock, and the lane trims and closes its logs with appends excluded.
     */
    private void unmap() {
        MappedByteBuffer dropped = window;
        window = null;
        windowStart = -1;
        if (dropped != null && UNMAP != null) {
            try {
                UNMAP.invokeExact((ByteBuffer) dropped);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                // not unmapped now: the collector does it
            }
        }
    }

    private static MethodHandle unmapHandle() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field instance = unsafeClass.getDeclaredField("theUnsafe");
            instance.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(instance.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
