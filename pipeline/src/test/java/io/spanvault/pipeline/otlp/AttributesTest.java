package io.spanvault.pipeline.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributesTest {

    @Test
    void comparesKeysAsTheirUtf8Bytes() {
        for (String text : List.of("", "db.system", "naïve", "中文", "😀", "a\u0000")) {
            for (String other : List.of("", "db.system", "db.systen", "db.syste", "naïve", "naive", "中文", "中", "😀",
                    "a\u0000", "a")) {
                assertEquals(text.equals(other), Attributes.sameText(ByteString.copyFromUtf8(other), text),
                        text + " against " + other);
            }
        }
        assertFalse(Attributes.sameText(ByteString.copyFrom(new byte[] {(byte) 0xE9}), "\u00E9"));
    }

    @Test
    void findsTheFirstAttributeOfAKey() {
        List<KeyValue> attributes = List.of(attribute("http.route", "/a"), attribute("db.system", "postgresql"),
                attribute("db.system", "mysql"), attribute("città", "Roma"));
        assertEquals("postgresql", Attributes.get(attributes, "db.system").getStringValue());
        assertEquals("Roma", Attributes.get(attributes, "città").getStringValue());
        assertNull(Attributes.get(attributes, "db"));
        assertNull(Attributes.get(List.of(), "db.system"));
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
