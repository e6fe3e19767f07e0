package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spanvault.storage.TraceId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends through a mapped window land in the file as written ones did, and a span log whose file a crash left
 * ending at a window's end, not at its last block, finds where its blocks end.
 */
class MappedTailTest {
    @TempDir
    Path dir;

    @Test
    void appendsAcrossWindowsReadBackAndTrimCutsTheZerosAhead() throws IOException {
        byte[] record = new byte[MappedTail.WINDOW / 3 + 7];
        for (int i = 0; i < record.length; i++) {
            record[i] = (byte) (i * 31 + 1);
        }
        Path file = dir.resolve("log");
        try (FileChannel channel = openLog(file)) {
            MappedTail tail = new MappedTail(channel);
            long end = 5;
            for (int i = 0; i < 4; i++) {
                end = tail.write(ByteBuffer.wrap(record), end);
            }
            assertEquals(5 + 4L * record.length, end);
            assertEquals(2L * MappedTail.WINDOW, channel.size(), "the file is filled to the end of the window written");

            ByteBuffer read = ByteBuffer.allocate(record.length);
            channel.read(read, 5 + 3L * record.length);
            assertArrayEquals(record, read.array(), "the record that crossed into the second window reads back");

            tail.trim(end);
            assertEquals(end, channel.size());
            end = tail.write(ByteBuffer.wrap(record), end);
            assertEquals(2L * MappedTail.WINDOW, channel.size(), "a write after a trim fills its window again");
            read.clear();
            channel.read(read, end - record.length);
            assertArrayEquals(record, read.array());
        }
    }

    @Test
    void aWindowIsUnmappedOnceTheLogMovesPastIt() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        Assumptions.assumeTrue(Files.isReadable(maps), "skipped: no /proc/self/maps to count mappings in");
        Path file = dir.resolve("unmapped.log");
        try (FileChannel channel = openLog(file)) {
            MappedTail tail = new MappedTail(channel);
            long end = 0;
            for (int i = 0; i < 10; i++) {
                end = tail.write(ByteBuffer.allocate(MappedTail.WINDOW), end);
            }
            assertEquals(1, mappingsOf(file, maps), "only the window the end is in stays mapped");
            tail.trim(end);
            assertEquals(0, mappingsOf(file, maps));
        }
    }

    private static long mappingsOf(Path file, Path maps) throws IOException {
        String name = file.toRealPath().toString();
        return Files.readAllLines(maps).stream().filter(line -> line.endsWith(name)).count();
    }

    @Test
    void aSpanLogEndsAfterItsWholeBlocksIndexedOrNot() throws IOException {
        Path file = dir.resolve("spans.log");
        List<ChunkBlock> blocks = ChunkBlock.pack(List.of(chunk(1, 300), chunk(2, 40 << 10), chunk(3, 90)));
        long[] offsets = new long[blocks.size()];
        long end;
        SpanLog log = new SpanLog(file, true, SpanLog.NONE);
        for (int i = 0; i < blocks.size(); i++) {
            offsets[i] = log.end();
            ByteBuffer record = ByteBuffer.allocate(SpanLog.recordSize(blocks.get(i)));
            SpanLog.putHeader(record, blocks.get(i), new long[] {SpanLog.NONE});
            log.append(record.put(blocks.get(i).compressed()).flip());
        }
        end = log.end();
        // what kill -9 leaves: the file ends at the window's end, zeros after the last block
        assertEquals(MappedTail.WINDOW, Files.size(file));
        Path crashed = Files.copy(file, dir.resolve("crashed.log"));
        log.close();
        assertEquals(end, Files.size(file), "a closed log ends at its last block");

        for (long lastIndexed : new long[] {SpanLog.NONE, SpanLog.address(offsets[0], 0),
                SpanLog.address(offsets[1], 0), SpanLog.address(offsets[2], 0)}) {
            try (SpanLog reopened = new SpanLog(crashed, true, lastIndexed)) {
                assertEquals(end, reopened.end(), "a log whose index names " + lastIndexed);
                assertEquals(90, reopened.read(SpanLog.address(offsets[2], 0)).length);
            }
            assertEquals(end, Files.size(crashed), "the zeros after the last block are cut");
            growBy(crashed, MappedTail.WINDOW);
        }

        // a header torn by the crash: its first field written, then nothing
        try (FileChannel channel = FileChannel.open(crashed, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(Integer.BYTES).putInt(100).flip(), end);
        }
        try (SpanLog reopened = new SpanLog(crashed, true, SpanLog.address(offsets[1], 0))) {
            assertEquals(end, reopened.end(), "the next block goes where the torn one began");
        }
    }

    private static FileChannel openLog(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static Chunk chunk(long trace, int bodyLength) {
        return new Chunk(0, new TraceId(1, trace), 1, 0, 0, 0, 0, new byte[bodyLength], new long[0], null);
    }

    private static void growBy(Path file, int bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(bytes), channel.size());
        }
    }
}
