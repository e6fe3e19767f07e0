package io.spanvault.pipeline.otlp;

import com.google.protobuf.AbstractParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;

/**
 * Parses an {@code ExportTraceServiceRequest} into the same message as protobuf's generated parser, except
 * that the string fields of spans, their events and their attributes hold the UTF-8 bytes they arrived as.
 * The generated parser of a proto3 string turns it into a {@code String} at once; the store, which hashes and
 * writes every key, value and name as bytes, then had to turn each back (a quarter of a store write). A reader
 * that asks for the {@code String} still gets it, decoded then.
 *
 * <p>Requests, resource and scope groups, spans, events, attributes and their values are parsed here; the
 * rarer messages (resources, scopes, links, statuses, array and map values) by their generated parsers. A field
 * this parser does not know, or a known number with another wire type, is kept as an unknown field, as the
 * generated parser keeps it; a known field that appears twice is merged or replaced as the wire format says.
 */
public final class TraceRequestParser extends AbstractParser<ExportTraceServiceRequest> {
    public static final TraceRequestParser INSTANCE = new TraceRequestParser();

    private TraceRequestParser() {
    }

    @Override
    public ExportTraceServiceRequest parsePartialFrom(CodedInputStream in, ExtensionRegistryLite registry)
            throws InvalidProtocolBufferException {
        try {
            return request(in, registry);
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // what a generated setter of string bytes throws for bytes that are not UTF-8
            throw new InvalidProtocolBufferException("Protocol message had invalid UTF-8.");
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
    }

    // The cases are tags: field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).

    private static ExportTraceServiceRequest request(CodedInputStream in, ExtensionRegistryLite registry)
            throws IOException {
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == (1 << 3 | 2)) {
                b.addResourceSpans(resourceSpans(in, registry));
            } else if (!keep(b, tag, in)) {
                break;
            }
        }
        return b.buildPartial();
    }

    private static ResourceSpans resourceSpans(CodedInputStream in, ExtensionRegistryLite registry)
            throws IOException {
        int outer = enter(in);
        ResourceSpans.Builder b = ResourceSpans.newBuilder();
        fields:
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | 2 -> b.mergeResource(in.readMessage(Resource.parser(), registry));
                case 2 << 3 | 2 -> b.addScopeSpans(scopeSpans(in, registry));
                case 3 << 3 | 2 -> b.setSchemaUrlBytes(string(in));
                default -> {
                    if (!keep(b, tag, in)) {
                        break fields;
                    }
                }
            }
        }
        leave(in, outer);
        return b.buildPartial();
    }

    private static ScopeSpans scopeSpans(CodedInputStream in, ExtensionRegistryLite registry) throws IOException {
        int outer = enter(in);
        ScopeSpans.Builder b = ScopeSpans.newBuilder();
        fields:
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | 2 -> b.mergeScope(in.readMessage(InstrumentationScope.parser(), registry));
                case 2 << 3 | 2 -> b.addSpans(span(in, registry));
                case 3 << 3 | 2 -> b.setSchemaUrlBytes(string(in));
                default -> {
                    if (!keep(b, tag, in)) {
                        break fields;
                    }
                }
            }
        }
        leave(in, outer);
        return b.buildPartial();
    }

    private static Span span(CodedInputStream in, ExtensionRegistryLite registry) throws IOException {
        int outer = enter(in);
        Span.Builder b = Span.newBuilder();
        fields:
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | 2 -> b.setTraceId(in.readBytes());
                case 2 << 3 | 2 -> b.setSpanId(in.readBytes());
                case 3 << 3 | 2 -> b.setTraceStateBytes(string(in));
                case 4 << 3 | 2 -> b.setParentSpanId(in.readBytes());
                case 5 << 3 | 2 -> b.setNameBytes(string(in));
                case 6 << 3 -> b.setKindValue(in.readEnum());
                case 7 << 3 | 1 -> b.setStartTimeUnixNano(in.readFixed64());
                case 8 << 3 | 1 -> b.setEndTimeUnixNano(in.readFixed64());
                case 9 << 3 | 2 -> b.addAttributes(keyValue(in, registry));
                case 10 << 3 -> b.setDroppedAttributesCount(in.readUInt32());
                case 11 << 3 | 2 -> b.addEvents(event(in, registry));
                case 12 << 3 -> b.setDroppedEventsCount(in.readUInt32());
                case 13 << 3 | 2 -> b.addLinks(in.readMessage(Span.Link.parser(), registry));
                case 14 << 3 -> b.setDroppedLinksCount(in.readUInt32());
                case 15 << 3 | 2 -> b.mergeStatus(in.readMessage(Status.parser(), registry));
                case 16 << 3 | 5 -> b.setFlags(in.readFixed32());
                default -> {
                    if (!keep(b, tag, in)) {
                        break fields;
                    }
                }
            }
        }
        leave(in, outer);
        return b.buildPartial();
    }

    private static Span.Event event(CodedInputStream in, ExtensionRegistryLite registry) throws IOException {
        int outer = enter(in);
        Span.Event.Builder b = Span.Event.newBuilder();
        fields:
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | 1 -> b.setTimeUnixNano(in.readFixed64());
                case 2 << 3 | 2 -> b.setNameBytes(string(in));
                case 3 << 3 | 2 -> b.addAttributes(keyValue(in, registry));
                case 4 << 3 -> b.setDroppedAttributesCount(in.readUInt32());
                default -> {
                    if (!keep(b, tag, in)) {
                        break fields;
                    }
                }
            }
        }
        leave(in, outer);
        return b.buildPartial();
    }

    private static KeyValue keyValue(CodedInputStream in, ExtensionRegistryLite registry) throws IOException {
        int outer = enter(in);
        KeyValue.Builder b = KeyValue.newBuilder();
        fields:
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | 2 -> b.setKeyBytes(string(in));
                case 2 << 3 | 2 -> b.mergeValue(anyValue(in, registry));
                case 3 << 3 -> b.setKeyStrindex(in.readInt32());
                default -> {
                    if (!keep(b, tag, in)) {
                        break fields;
                    }
                }
            }
        }
        leave(in, outer);
        return b.buildPartial();
    }

    private static AnyValue anyValue(CodedInputStream in, ExtensionRegistryLite registry) throws IOException {
        int outer = enter(in);
        AnyValue.Builder b = AnyValue.newBuilder();
        fields:
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | 2 -> b.setStringValueBytes(string(in));
                case 2 << 3 -> b.setBoolValue(in.readBool());
                case 3 << 3 -> b.setIntValue(in.readInt64());
                case 4 << 3 | 1 -> b.setDoubleValue(in.readDouble());
                case 5 << 3 | 2 -> b.mergeArrayValue(in.readMessage(ArrayValue.parser(), registry));
                case 6 << 3 | 2 -> b.mergeKvlistValue(in.readMessage(KeyValueList.parser(), registry));
                case 7 << 3 | 2 -> b.setBytesValue(in.readBytes());
                case 8 << 3 -> b.setStringValueStrindex(in.readInt32());
                default -> {
                    if (!keep(b, tag, in)) {
                        break fields;
                    }
                }
            }
        }
        leave(in, outer);
        return b.buildPartial();
    }

    /**
     * A string field's bytes in an array of their own, never a slice of the request: the generated parser copies
     * a string out too, and a kept attribute value must not hold the whole request in memory.
     */
    private static ByteString string(CodedInputStream in) throws IOException {
        return UnsafeByteOperations.unsafeWrap(in.readByteArray());
    }

    /**
     * Keeps a field the message does not know, as the generated parser does; false for an end-group tag instead,
     * which ends the message there (and {@link #leave} then refuses it, as the generated parser does).
     */
    private static boolean keep(Message.Builder message, int tag, CodedInputStream in) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_END_GROUP) {
            return false;
        }
        UnknownFieldSet.Builder field = UnknownFieldSet.newBuilder();
        field.mergeFieldFrom(tag, in);
        message.mergeUnknownFields(field.build());
        return true;
    }

    /** Starts reading a length-delimited message; returns the limit to restore. */
    private static int enter(CodedInputStream in) throws IOException {
        return in.pushLimit(in.readRawVarint32());
    }

    /** Ends a message as the generated {@code readMessage} does: it must have ended at its length. */
    private static void leave(CodedInputStream in, int outer) throws IOException {
        in.checkLastTagWas(0);
        if (in.getBytesUntilLimit() != 0) {
            throw new InvalidProtocolBufferException("While parsing a protocol message, the input ended unexpectedly "
                    + "in the middle of a field.  This could mean either that the input has been truncated or that an "
                    + "embedded message misreported its own length.");
        }
        in.popLimit(outer);
    }
}
