package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchTermsTest {

    /** Bloom filters on disk hold terms hashed as ByteString.hashCode() of the UTF-8 bytes; it must not change. */
    @Test
    void hashesAStringAsTheByteStringOfItsUtf8Bytes() {
        String[] samples = {"", "a", "user.id", "http.response.status_code", "é", "ü-straße", "日本語", "😀 emoji",
            "x\uD800y", "\uDC00", "tail\uD83D", "\u07FF\u0800\uFFFF"};
        for (String s : samples) {
            assertEquals(ByteString.copyFromUtf8(s).hashCode(), SearchTerms.utf8Hash(s), s);
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 2_000; n++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
            }
            String s = new String(chars);
            assertEquals(ByteString.copyFromUtf8(s).hashCode(), SearchTerms.utf8Hash(s), s);
        }
    }

    /** A written span's strings are hashed from their bytes: to the value a query's String hashes to. */
    @Test
    void hashesBytesAsByteStringDoesFourAtATime() {
        SplittableRandom random = new SplittableRandom(13);
        for (int n = 0; n < 2_000; n++) {
            byte[] bytes = new byte[random.nextInt(600)];
            random.nextBytes(bytes);
            ByteString b = ByteString.copyFrom(bytes);
            assertEquals(b.hashCode(), SearchTerms.bytesHash(b), "length " + bytes.length);
        }
        for (String s : new String[] {"", "a", "ab", "abc", "abcd", "abcde", "user.id", "ü-straße", "😀 emoji"}) {
            assertEquals(SearchTerms.utf8Hash(s), SearchTerms.bytesHash(ByteString.copyFromUtf8(s)), s);
        }
    }

    /** A span's terms are the same whether its strings arrive parsed as Strings or already held as bytes. */
    @Test
    void aSpansTermsDoNotDependOnHowItsStringsAreHeld() throws Exception {
        io.opentelemetry.proto.trace.v1.Span span = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setName("GET /product/{id}")
                .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("http.route")
                        .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("/p/ü")))
                .addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder().setName("e")
                        .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("n")
                                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setIntValue(7))))
                .build();
        byte[] encoded = span.toByteArray();
        java.util.List<Long> fromStrings = new java.util.ArrayList<>();
        SearchTerms.addSpan(io.opentelemetry.proto.trace.v1.Span.parseFrom(encoded), fromStrings::add);
        java.util.List<Long> again = new java.util.ArrayList<>();
        io.opentelemetry.proto.trace.v1.Span parsed = io.opentelemetry.proto.trace.v1.Span.parseFrom(encoded);
        SearchTerms.addSpan(parsed, t -> { });
        SearchTerms.addSpan(parsed, again::add);

        assertEquals(fromStrings, again);
        assertEquals(SearchTerms.operation("GET /product/{id}"), fromStrings.get(0));
        assertEquals(SearchTerms.attribute("http.route",
                io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("/p/ü").build()),
                fromStrings.get(2));
        org.junit.jupiter.api.Assertions.assertArrayEquals(encoded, parsed.toByteArray(),
                "the bytes kept encode the span as it came");
    }
}
