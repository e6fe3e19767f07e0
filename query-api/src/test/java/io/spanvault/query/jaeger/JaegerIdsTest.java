package io.spanvault.query.jaeger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spanvault.storage.TraceId;
import org.junit.jupiter.api.Test;

class JaegerIdsTest {

    @Test
    void parsesShortAndLongHexAndBase64() {
        assertEquals(new TraceId(0, 0x1f), JaegerIds.parseTraceId("1f"));
        assertEquals(new TraceId(0, 0x1f), JaegerIds.parseTraceId("000000000000001f"));
        assertEquals(new TraceId(0x83a9efd15c1c98a9L, 0x77e0711cc93ee28bL),
                JaegerIds.parseTraceId("83a9efd15c1c98a977e0711cc93ee28b"));
        assertEquals(new TraceId(0, 1), JaegerIds.parseTraceId("AAAAAAAAAAAAAAAAAAAAAQ=="));
    }

    @Test
    void rejectsWhatIsNeitherHexNorBase64OfAnId() {
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> JaegerIds.parseTraceId("0".repeat(33)));
        assertEquals("trace id '" + "0".repeat(33) + "' is neither 1 to 32 hex digits nor the base64 of 16 bytes",
                tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JaegerIds.parseTraceId("xyz!"));
        assertThrows(IllegalArgumentException.class, () -> JaegerIds.parseTraceId(""));
    }
}
