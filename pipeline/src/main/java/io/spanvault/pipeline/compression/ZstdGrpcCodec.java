package io.spanvault.pipeline.compression;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * gRPC's {@code grpc-encoding: zstd}, as the Collector's configgrpc registers it, for OTLP receivers (which
 * then advertise it in {@code grpc-accept-encoding}) and exporters ({@code compression: zstd}). gRPC bounds
 * the decompressed size of a message by the server's max receive size, so a bomb is refused as for gzip; the
 * decoder's window is capped (at 8 MiB, or the size when larger), so a frame cannot make it reserve much more
 * native memory than that either.
 */
public final class ZstdGrpcCodec implements Codec {
    public static final String ENCODING = "zstd";
    /** zstd's default level, the Collector's too: most of the ratio for little CPU. */
    private static final int LEVEL = 3;
    /** The largest window zstd's levels up to 19 use: smaller caps would refuse honest streams of small bodies. */
    private static final int MIN_WINDOW_LOG = 23;
    /** zstd's own default limit for decoding (ZSTD_WINDOWLOG_LIMIT_DEFAULT). */
    private static final int MAX_WINDOW_LOG = 27;

    private final int windowLogMax;

    private ZstdGrpcCodec(int windowLogMax) {
        this.windowLogMax = windowLogMax;
    }

    /** The largest window (as log2) worth decoding for messages of at most {@code maxBytes}. */
    public static int windowLogFor(long maxBytes) {
        int log = 64 - Long.numberOfLeadingZeros(Math.max(maxBytes - 1, 1));
        return Math.max(MIN_WINDOW_LOG, Math.min(MAX_WINDOW_LOG, log));
    }

    /** The default compressors (gzip, identity) plus zstd. */
    public static CompressorRegistry compressors() {
        CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
        registry.register(Codec.Identity.NONE);
        registry.register(new Codec.Gzip());
        registry.register(new ZstdGrpcCodec(MAX_WINDOW_LOG));
        return registry;
    }

    /** The default decompressors (gzip, identity) plus zstd, advertised to clients, for messages up to {@code maxBytes}. */
    public static DecompressorRegistry decompressors(long maxBytes) {
        return DecompressorRegistry.getDefaultInstance().with(new ZstdGrpcCodec(windowLogFor(maxBytes)), true);
    }

    @Override
    public String getMessageEncoding() {
        return ENCODING;
    }

    @Override
    public OutputStream compress(OutputStream os) throws IOException {
        return new ZstdOutputStreamNoFinalizer(os, LEVEL);
    }

    @Override
    public InputStream decompress(InputStream is) throws IOException {
        return new ZstdInputStreamNoFinalizer(is).setLongMax(windowLogMax);
    }
}
