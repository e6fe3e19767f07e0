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
}
