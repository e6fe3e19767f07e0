package io.spanvault.bench.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Compares codecs for the store's span log: ratio, compression and decompression CPU time, on realistic
 * 10-span traces, compressed one chunk at a time (format 2) and in blocks of consecutive chunks of up to
 * 32 KiB (format 3, as a lane's share of a write is stored). Usage: {@code ChunkCodecBenchmark [chunks]}.
 */
public final class ChunkCodecBenchmark {
    private ChunkCodecBenchmark() {
    }

    private interface Codec {
        byte[] compress(byte[] in);

        byte[] decompress(byte[] in, int originalLength);
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        SpanGenerator generator = new SpanGenerator(System.currentTimeMillis() * 1_000_000L, 3_600_000_000_000L, n,
                SpanGenerator.DEFAULT_SPANS_PER_TRACE);
        byte[][] chunks = new byte[n][];
        long raw = 0;
        for (int i = 0; i < n; i++) {
            chunks[i] = generator.batch(i, 1).toByteArray();
            raw += chunks[i].length;
        }
        LZ4Factory lz4 = LZ4Factory.fastestInstance();
        LZ4FastDecompressor lz4Decompressor = lz4.fastDecompressor();
        System.out.printf("%,d chunks, %.0f bytes each on average%n", n, (double) raw / n);
        byte[][] blocks = blocks(chunks, 32 << 10);
        for (byte[][] units : new byte[][][] {chunks, blocks}) {
            System.out.printf("%s (%,d of them)%n", units == chunks ? "one chunk at a time" : "blocks of up to 32 KiB",
                    units.length);
            measure("zstd level 1", zstd(1), units, raw, n);
            for (int fast : new int[] {-1, -2, -3, -5}) {
                measure("zstd level " + fast, zstd(fast), units, raw, n);
            }
            measure("zstd level 3", zstd(3), units, raw, n);
            measure("zstd level 6", zstd(6), units, raw, n);
            measure("lz4 fast", lz4Codec(lz4.fastCompressor(), lz4Decompressor), units, raw, n);
            measure("lz4 high (9)", lz4Codec(lz4.highCompressor(9), lz4Decompressor), units, raw, n);
        }
    }

    /** Consecutive chunks concatenated up to {@code maxBytes} each, as the store's blocks. */
    private static byte[][] blocks(byte[][] chunks, int maxBytes) {
        java.util.List<byte[]> blocks = new java.util.ArrayList<>();
        java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
        for (byte[] c : chunks) {
            if (block.size() > 0 && block.size() + c.length > maxBytes) {
                blocks.add(block.toByteArray());
                block.reset();
            }
            block.writeBytes(c);
        }
        blocks.add(block.toByteArray());
        return blocks.toArray(new byte[0][]);
    }

    /** Negative levels are zstd's "fast" ones; one context reused, as the store keeps one per thread. */
    private static Codec zstd(int level) {
        ZstdCompressCtx context = new ZstdCompressCtx().setLevel(level);
        return new Codec() {
            @Override
            public byte[] compress(byte[] in) {
                return context.compress(in);
            }

            @Override
            public byte[] decompress(byte[] in, int originalLength) {
                return Zstd.decompress(in, originalLength);
            }
        };
    }

    private static Codec lz4Codec(LZ4Compressor compressor, LZ4FastDecompressor decompressor) {
        return new Codec() {
            @Override
            public byte[] compress(byte[] in) {
                return compressor.compress(in);
            }

            @Override
            public byte[] decompress(byte[] in, int originalLength) {
                return decompressor.decompress(in, originalLength);
            }
        };
    }

    private static void measure(String name, Codec codec, byte[][] chunks, long raw, int traces) {
        byte[][] packed = new byte[chunks.length][];
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < chunks.length; i++) {
                packed[i] = codec.compress(chunks[i]);
            }
        }
        // CPU time of this thread (on a shared machine, wall time mostly measures waiting for a core): the least
        // of five rounds, as the other helpers' builds interrupt some
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long packedBytes = 0;
        long compressNanos = Long.MAX_VALUE;
        long decompressNanos = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t0 = threads.getCurrentThreadCpuTime();
            packedBytes = 0;
            for (int i = 0; i < chunks.length; i++) {
                packed[i] = codec.compress(chunks[i]);
                packedBytes += packed[i].length;
            }
            long t1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < chunks.length; i++) {
                if (codec.decompress(packed[i], chunks[i].length).length != chunks[i].length) {
                    throw new IllegalStateException(name + " did not round-trip");
                }
            }
            long t2 = threads.getCurrentThreadCpuTime();
            compressNanos = Math.min(compressNanos, t1 - t0);
            decompressNanos = Math.min(decompressNanos, t2 - t1);
        }
        long spans = (long) traces * SpanGenerator.DEFAULT_SPANS_PER_TRACE;
        System.out.printf("  %-14s ratio %.2f (%.1f bytes/span)  compress %.2f us/span  decompress %6.2f us per unit%n",
                name, (double) raw / packedBytes, (double) packedBytes / spans, compressNanos / 1e3 / spans,
                decompressNanos / 1e3 / chunks.length);
    }
}
