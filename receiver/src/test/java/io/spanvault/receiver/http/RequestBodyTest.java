package io.spanvault.receiver.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    @Test
    void aBodyReadInSeveralChunksComesOutInOnePieceWithItsBytesInOrder() throws Exception {
        try (RequestBody body = new RequestBody(ByteBufAllocator.DEFAULT, ContentCoding.IDENTITY, 100)) {
            for (String part : new String[] {"first ", "second ", "third"}) {
                ByteBuf chunk = Unpooled.copiedBuffer(part.getBytes());
                assertTrue(body.append(chunk));
                chunk.release();
            }
            ByteBuf decoded = body.decoded();
            try {
                assertEquals(1, decoded.nioBufferCount(), "one buffer for protobuf's fast decoders");
                assertArrayEquals("first second third".getBytes(), ByteBufUtil.getBytes(decoded));
            } finally {
                decoded.release();
            }
        }
    }

    @Test
    void aChunkPastTheLimitIsRefused() throws Exception {
        try (RequestBody body = new RequestBody(ByteBufAllocator.DEFAULT, ContentCoding.IDENTITY, 4)) {
            ByteBuf chunk = Unpooled.copiedBuffer("12345".getBytes());
            assertFalse(body.append(chunk));
            chunk.release();
        }
    }
}
