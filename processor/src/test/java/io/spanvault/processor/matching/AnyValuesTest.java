package io.spanvault.processor.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnyValuesTest {

    @Test
    void configScalarsBecomeTypedValues() {
        assertEquals(AnyValue.ValueCase.STRING_VALUE, AnyValues.fromConfig("x").getValueCase());
        assertEquals(7, AnyValues.fromConfig(7).getIntValue());
        assertEquals(7L, AnyValues.fromConfig(7L).getIntValue());
        assertEquals(1.5, AnyValues.fromConfig(1.5).getDoubleValue());
        assertTrue(AnyValues.fromConfig(true).getBoolValue());
        assertEquals(2, AnyValues.fromConfig(List.of(1, "a")).getArrayValue().getValuesCount());
    }

    @Test
    void asStringFollowsPdata() {
        assertEquals("1.5", AnyValues.asString(AnyValues.ofDouble(1.5)));
        assertEquals("100", AnyValues.asString(AnyValues.ofDouble(100)));
        assertEquals("1e+21", AnyValues.asString(AnyValues.ofDouble(1e21)));
        assertEquals("1e-7", AnyValues.asString(AnyValues.ofDouble(1e-7)));
        assertEquals("-42", AnyValues.asString(AnyValues.ofInt(-42)));
        assertEquals("AQI=", AnyValues.asString(AnyValue.newBuilder()
                .setBytesValue(ByteString.copyFrom(new byte[] {1, 2})).build()));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", 1);
        map.put("a", List.of("x\"y", 2.5));
        assertEquals("{\"a\":[\"x\\\"y\",2.5],\"b\":1}", AnyValues.asString(AnyValues.fromConfig(map)));
        assertEquals("", AnyValues.asString(AnyValue.getDefaultInstance()));
    }

    @Test
    void scalarTextUsesPlainDecimalsForDoubles() {
        assertEquals("1000000000000000000000", AnyValues.scalarText(AnyValues.ofDouble(1e21)));
        assertEquals("0.25", AnyValues.scalarText(AnyValues.ofDouble(0.25)));
        assertEquals("false", AnyValues.scalarText(AnyValue.newBuilder().setBoolValue(false).build()));
    }

    @Test
    void sameValueNeedsTheSameType() {
        assertTrue(AnyValues.sameValue(AnyValues.ofInt(200), AnyValues.ofInt(200)));
        assertFalse(AnyValues.sameValue(AnyValues.ofInt(200), AnyValues.ofString("200")));
        assertFalse(AnyValues.sameValue(AnyValues.ofInt(200), AnyValues.ofDouble(200)));
    }
}
