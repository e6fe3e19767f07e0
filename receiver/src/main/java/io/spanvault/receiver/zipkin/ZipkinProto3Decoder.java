package io.spanvault.receiver.zipkin;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Zipkin's {@code zipkin.proto3} {@code ListOfSpans}, read field by field with protobuf's
 * {@link CodedInputStream}: the schema is small and stable, and reading it directly avoids generated classes
 * and an intermediate message. Unknown fields are skipped, as protobuf requires.
 */
final class ZipkinProto3Decoder {
    private static final int LIST_SPANS = 1;
    private static final int TRACE_ID = 1;
    private static final int PARENT_ID = 2;
    private static final int ID = 3;
    private static final int KIND = 4;
    private static final int NAME = 5;
    private static final int TIMESTAMP = 6;
    private static final int DURATION = 7;
    private static final int LOCAL_ENDPOINT = 8;
    private static final int REMOTE_ENDPOINT = 9;
    private static final int ANNOTATIONS = 10;
    private static final int TAGS = 11;
    private static final int DEBUG = 12;
    private static final int SHARED = 13;
    private static final String[] KINDS = {null, "CLIENT", "SERVER", "PRODUCER", "CONSUMER"};

    private ZipkinProto3Decoder() {
    }

    static List<ZipkinSpan> decode(CodedInputStream in) throws IOException {
        List<ZipkinSpan> spans = new ArrayList<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return spans;
            }
            if (tag == (LIST_SPANS << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                int limit = in.pushLimit(in.readRawVarint32());
                spans.add(span(in, spans.size()));
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
    }

    private static ZipkinSpan span(CodedInputStream in, int index) throws IOException {
        ZipkinSpan span = new ZipkinSpan();
        ByteString traceId = null;
        ByteString id = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TRACE_ID -> traceId = in.readBytes();
                case PARENT_ID -> {
                    ByteString parent = in.readBytes();
                    if (!parent.isEmpty()) {
                        span.parentId = spanId(parent, "parent_id", index);
                        span.hasParent = true;
                    }
                }
                case ID -> id = in.readBytes();
                case KIND -> {
                    int kind = in.readEnum();
                    span.kind = kind > 0 && kind < KINDS.length ? KINDS[kind] : null;
                }
                case NAME -> span.name = in.readStringRequireUtf8();
                case TIMESTAMP -> span.timestamp = in.readFixed64();
                case DURATION -> span.duration = in.readUInt64();
                case LOCAL_ENDPOINT -> span.localEndpoint = endpoint(in, index);
                case REMOTE_ENDPOINT -> span.remoteEndpoint = endpoint(in, index);
                case ANNOTATIONS -> annotation(in, span);
                case TAGS -> tag(in, span);
                case DEBUG -> span.debug = in.readBool();
                case SHARED -> span.shared = in.readBool();
                default -> in.skipField(tag);
            }
        }
        if (traceId == null || (traceId.size() != 8 && traceId.size() != 16)) {
            throw new ZipkinFormatException("span " + index + ": trace_id must be 8 or 16 bytes, got "
                    + (traceId == null ? "none" : traceId.size()));
        }
        span.traceIdHigh = traceId.size() == 16 ? traceId.substring(0, 8).asReadOnlyByteBuffer().getLong() : 0;
        span.traceIdLow = traceId.substring(traceId.size() - 8).asReadOnlyByteBuffer().getLong();
        if (id == null) {
            throw new ZipkinFormatException("span " + index + ": id is missing");
        }
        span.id = spanId(id, "id", index);
        return span;
    }

    private static long spanId(ByteString bytes, String field, int index) {
        if (bytes.size() != 8) {
            throw new ZipkinFormatException("span " + index + ": " + field + " must be 8 bytes, got " + bytes.size());
        }
        return bytes.asReadOnlyByteBuffer().getLong();
    }

    private static ZipkinEndpoint endpoint(CodedInputStream in, int index) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String service = null;
        String ipv4 = null;
        String ipv6 = null;
        int port = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> service = in.readStringRequireUtf8();
                case 2 -> ipv4 = address(in.readBytes(), 4, index);
                case 3 -> ipv6 = address(in.readBytes(), 16, index);
                case 4 -> port = in.readInt32();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        ZipkinEndpoint endpoint = new ZipkinEndpoint(service, ipv4, ipv6, port);
        return endpoint.isEmpty() ? null : endpoint;
    }

    private static String address(ByteString bytes, int size, int index) throws InvalidProtocolBufferException {
        if (bytes.isEmpty()) {
            return null;
        }
        if (bytes.size() != size) {
            throw new ZipkinFormatException("span " + index + ": an endpoint address must be " + size + " bytes, got "
                    + bytes.size());
        }
        try {
            return InetAddress.getByAddress(bytes.toByteArray()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new InvalidProtocolBufferException(e.getMessage());
        }
    }

    private static void annotation(CodedInputStream in, ZipkinSpan span) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        long timestamp = 0;
        String value = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> timestamp = in.readFixed64();
                case 2 -> value = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        span.annotations.add(new ZipkinSpan.Annotation(timestamp, value));
    }

    /** A {@code map<string, string>} entry. */
    private static void tag(CodedInputStream in, ZipkinSpan span) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String key = "";
        String value = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> key = in.readStringRequireUtf8();
                case 2 -> value = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        span.tags.put(key, value);
    }
}
