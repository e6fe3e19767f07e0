package io.spanvault.pipeline.admission;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Estimates the heap that decoding a request will take, from its encoded bytes and without allocating: one
 * pass that counts the messages, strings and bytes fields it holds. Wire size alone says little: an empty
 * message is 2 bytes of protobuf and about 64 bytes of Java objects, so 20 MiB of them decodes to ~660 MB.
 * The estimate is an upper bound in the common layouts (64-bit JVM, compressed references).
 */
public final class DecodedSize {
    /** A generated message object with its fields, plus its slot in the parent's list. */
    static final long PER_MESSAGE = 64;
    /** A String or ByteString object around its characters, beyond the characters themselves. */
    static final long PER_STRING = 48;
    /** Beyond protobuf's own limit of 100 parsing fails anyway; the rest is counted as opaque bytes. */
    private static final int MAX_DEPTH = 100;

    private DecodedSize() {
    }

    /**
     * The estimated heap of {@code type} decoded from these buffers (in order). Throws for bytes that are not
     * protobuf at all, as parsing would.
     */
    public static long ofProtobuf(Descriptor type, ByteBuffer... buffers) throws InvalidProtocolBufferException {
        CodedInputStream in = buffers.length == 1 ? CodedInputStream.newInstance(buffers[0].duplicate())
                : CodedInputStream.newInstance(Arrays.stream(buffers).map(ByteBuffer::duplicate).toList());
        long size = 0;
        for (ByteBuffer buffer : buffers) {
            size += buffer.remaining();
        }
        return ofProtobuf(type, in, size);
    }

    /** As {@link #ofProtobuf(Descriptor, ByteBuffer...)}, reading the bytes where they are (no copy for a flat one). */
    public static long ofProtobuf(Descriptor type, ByteString bytes) throws InvalidProtocolBufferException {
        return ofProtobuf(type, bytes.newCodedInput(), bytes.size());
    }

    private static long ofProtobuf(Descriptor type, CodedInputStream in, long size)
            throws InvalidProtocolBufferException {
        try {
            return size + PER_MESSAGE + fields(in, MessageFields.of(type), 0);
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e.getMessage());
        }
    }

    private static long fields(CodedInputStream in, MessageFields type, int depth) throws IOException {
        long extra = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int wireType = WireFormat.getTagWireType(tag);
            if (wireType == WireFormat.WIRETYPE_VARINT) {
                // as parsing reads it: skipField is stricter, and refuses some ten-byte varints parsing takes
                in.readRawVarint64();
                continue;
            }
            if (wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                if (!in.skipField(tag)) {
                    break; // an end-group tag: parsing decides what it means
                }
                continue;
            }
            int length = in.readRawVarint32();
            if (length < 0) {
                throw new InvalidProtocolBufferException("a length-delimited field has a negative size");
            }
            MessageFields field = type.message(WireFormat.getTagFieldNumber(tag));
            if (field != null && depth < MAX_DEPTH) {
                int limit = in.pushLimit(length);
                extra += PER_MESSAGE + fields(in, field, depth + 1);
                in.popLimit(limit);
            } else {
                // a string, bytes, packed numbers or an unknown field: one object around its bytes
                extra += PER_STRING;
                in.skipRawBytes(length);
            }
        }
        return extra;
    }

    /**
     * The estimated heap of an OTLP/JSON body decoded: every object may be a message and every string a
     * String or ByteString; numbers and the rest are within the bytes themselves.
     */
    public static long ofJson(ByteBuffer... buffers) {
        long size = 0;
        long objects = 0;
        long quotes = 0;
        for (ByteBuffer body : buffers) {
            size += body.remaining();
            for (int i = body.position(), end = body.limit(); i < end; i++) {
                byte b = body.get(i);
                if (b == '{') {
                    objects++;
                } else if (b == '"') {
                    quotes++;
                }
            }
        }
        // each key is a quoted string too, so this counts high where values are not strings
        return size + objects * PER_MESSAGE + quotes / 2 * PER_STRING;
    }
}
