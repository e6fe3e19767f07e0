package io.spanvault.pipeline.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TraceRequestParser} against protobuf's generated parser: the same message from any bytes, or both
 * refuse them. The requests are filled from the messages' descriptors, every field of every message, so a
 * field that a newer opentelemetry-proto adds and this parser does not know shows here as an unknown field.
 */
class TraceRequestParserTest {
    private static final String[] TEXTS = {"", "GET /cart", "service.name", "http.route", "naïve", "中文", "😀 emoji",
        "a\u0000b", "x".repeat(300)};

    @Test
    void parsesEveryFieldAsTheGeneratedParserDoes() throws IOException {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 400; i++) {
            ExportTraceServiceRequest request = (ExportTraceServiceRequest) fill(
                    ExportTraceServiceRequest.newBuilder(), random, 0).build();
            assertSameAsGenerated(request.toByteArray());
        }
    }

    @Test
    void mergesFieldsThatAppearTwiceAsTheGeneratedParserDoes() throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200; i++) {
            // a span (and its resource group) written as two halves: singular fields merge or replace, lists append
            byte[] span = concat(fill(Span.newBuilder(), random, 3).build().toByteArray(),
                    fill(Span.newBuilder(), random, 3).build().toByteArray());
            byte[] scope = concat(field(2, span), fill(ScopeSpans.newBuilder(), random, 5).build().toByteArray());
            byte[] group = concat(field(2, scope), fill(ResourceSpans.newBuilder(), random, 5).build().toByteArray(),
                    field(2, scope));
            assertSameAsGenerated(field(1, group));
        }
    }

    @Test
    void refusesWhatTheGeneratedParserRefusesAndTakesTheRest() throws IOException {
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 300; i++) {
            byte[] wire = fill(ExportTraceServiceRequest.newBuilder(), random, 0).build().toByteArray();
            if (wire.length == 0) {
                continue;
            }
            byte[] damaged = wire.clone();
            switch (i % 3) {
                case 0 -> damaged = java.util.Arrays.copyOf(wire, random.nextInt(wire.length));
                case 1 -> damaged[random.nextInt(wire.length)] ^= (byte) (1 << random.nextInt(8));
                default -> damaged[random.nextInt(wire.length)] = (byte) random.nextInt(256);
            }
            assertSameAsGenerated(damaged);
        }
    }

    @Test
    void refusesAStringThatIsNotUtf8() {
        byte[] name = {(byte) 0xC3, (byte) 0x28};
        byte[] span = concat(field(1, new byte[16]), field(5, name));
        byte[] wire = field(1, field(2, field(2, span)));
        InvalidProtocolBufferException refused = assertThrows(InvalidProtocolBufferException.class,
                () -> TraceRequestParser.INSTANCE.parseFrom(wire));
        assertEquals("Protocol message had invalid UTF-8.", refused.getMessage());
        assertThrows(InvalidProtocolBufferException.class, () -> ExportTraceServiceRequest.parseFrom(wire));
    }

    @Test
    void keepsTheStringsOfSpansAndAttributesAsTheirBytes() throws Exception {
        ExportTraceServiceRequest sent = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("GET /cart")
                        .addAttributes(KeyValue.newBuilder().setKey("http.route")
                                .setValue(AnyValue.newBuilder().setStringValue("/cart"))))))
                .build();
        Span span = TraceRequestParser.INSTANCE.parseFrom(sent.toByteArray()).getResourceSpans(0).getScopeSpans(0)
                .getSpans(0);
        assertInstanceOf(ByteString.class, held(span, "name_"));
        assertInstanceOf(ByteString.class, held(span.getAttributes(0), "key_"));
        assertInstanceOf(ByteString.class, held(span.getAttributes(0).getValue(), "value_"));
        assertEquals("GET /cart", span.getName());
        assertEquals(sent, TraceRequestParser.INSTANCE.parseFrom(sent.toByteArray()));
    }

    @Test
    void copiesStringsOutOfARequestWhoseBytesFieldsShareIt() throws IOException {
        byte[] wire = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("GET /cart")
                        .addAttributes(KeyValue.newBuilder().setKey("http.route")
                                .setValue(AnyValue.newBuilder().setStringValue("/cart"))))))
                .build().toByteArray();
        CodedInputStream in = UnsafeByteOperations.unsafeWrap(wire).newCodedInput();
        in.enableAliasing(true);
        Span span = TraceRequestParser.INSTANCE.parseFrom(in).getResourceSpans(0).getScopeSpans(0).getSpans(0);
        // a kept attribute must not hold on to the whole request
        java.util.Arrays.fill(wire, (byte) 'x');
        assertEquals("GET /cart", span.getName());
        assertEquals("http.route", span.getAttributes(0).getKey());
        assertEquals("/cart", span.getAttributes(0).getValue().getStringValue());
    }

    /** The object a generated message holds a string field in: the {@code String}, or its bytes. */
    private static Object held(Message message, String field) throws ReflectiveOperationException {
        Field f = message.getClass().getDeclaredField(field);
        f.setAccessible(true);
        return f.get(message);
    }

    private static void assertSameAsGenerated(byte[] wire) throws IOException {
        ExportTraceServiceRequest expected;
        try {
            expected = parseGenerated(wire);
        } catch (InvalidProtocolBufferException refused) {
            assertThrows(InvalidProtocolBufferException.class, () -> parseOurs(wire),
                    "the generated parser refused: " + refused.getMessage());
            return;
        }
        ExportTraceServiceRequest parsed = parseOurs(wire);
        assertEquals(expected, parsed);
        assertArrayEquals(expected.toByteArray(), parsed.toByteArray());
    }

    private static ExportTraceServiceRequest parseGenerated(byte[] wire) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(wire);
        ExportTraceServiceRequest parsed = ExportTraceServiceRequest.parser().parseFrom(in);
        in.checkLastTagWas(0);
        return parsed;
    }

    /** As the gRPC receiver parses: from a byte string, bytes fields sharing it. */
    private static ExportTraceServiceRequest parseOurs(byte[] wire) throws IOException {
        CodedInputStream in = ByteString.copyFrom(wire).newCodedInput();
        in.enableAliasing(true);
        ExportTraceServiceRequest parsed = TraceRequestParser.INSTANCE.parseFrom(in);
        in.checkLastTagWas(0);
        return parsed;
    }

    /**
     * Sets each field of the message with a random value, some left out, nested messages filled alike down to a
     * depth; every message also gets an unknown field now and then.
     */
    private static Message.Builder fill(Message.Builder b, SplittableRandom random, int depth) {
        for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
            if (random.nextInt(4) == 0 || f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth > 6) {
                continue;
            }
            if (f.isRepeated()) {
                for (int n = random.nextInt(depth < 3 ? 3 : 4); n > 0; n--) {
                    b.addRepeatedField(f, value(b, f, random, depth));
                }
            } else {
                b.setField(f, value(b, f, random, depth));
            }
        }
        if (random.nextInt(8) == 0) {
            b.setUnknownFields(UnknownFieldSet.newBuilder().addField(900 + random.nextInt(50),
                    UnknownFieldSet.Field.newBuilder().addVarint(random.nextLong())
                            .addLengthDelimited(ByteString.copyFromUtf8(TEXTS[random.nextInt(TEXTS.length)])).build())
                    .build());
        }
        return b;
    }

    private static Object value(Message.Builder parent, FieldDescriptor f, SplittableRandom random, int depth) {
        return switch (f.getJavaType()) {
            case INT -> random.nextInt(4) == 0 ? random.nextInt() : random.nextInt(100);
            case LONG -> random.nextLong();
            case FLOAT -> (float) random.nextDouble();
            case DOUBLE -> random.nextInt(8) == 0 ? -0.0 : random.nextDouble() * 1e6;
            case BOOLEAN -> random.nextBoolean();
            case STRING -> TEXTS[random.nextInt(TEXTS.length)];
            case BYTE_STRING -> {
                byte[] bytes = new byte[new int[] {0, 8, 16, 3}[random.nextInt(4)]];
                random.nextBytes(bytes);
                yield ByteString.copyFrom(bytes);
            }
            case ENUM -> random.nextInt(6) == 0
                    ? f.getEnumType().findValueByNumberCreatingIfUnknown(40 + random.nextInt(10))
                    : f.getEnumType().getValues().get(random.nextInt(f.getEnumType().getValues().size()));
            case MESSAGE -> fill(parent.newBuilderForField(f), random, depth + 1).build();
        };
    }

    private static byte[] field(int number, byte[] message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeByteArray(number, message);
            out.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }
}
