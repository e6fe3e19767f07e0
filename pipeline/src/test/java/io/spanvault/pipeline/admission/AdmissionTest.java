package io.spanvault.pipeline.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.testkit.TestTraces;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private static final long MIB = 1 << 20;

    @Test
    void requestsAreLetInUntilTheBudgetIsTakenAndClosingGivesItBack() {
        Admission admission = new Admission(new AdmissionConfig(10, null));
        Admission.Reservation first = admission.open();
        assertTrue(first.holding(MIB), "1 MiB and room to decode it fit in 10 MiB");
        assertEquals(5 * MIB, admission.reservedBytes());
        Admission.Reservation second = admission.open();
        assertTrue(second.holding(MIB));
        Admission.Reservation third = admission.open();
        assertFalse(third.holding(MIB), "a third would pass the limit");
        assertEquals(0, third.bytes());
        first.close();
        first.close();
        assertTrue(third.holding(MIB), "the first request's share is free again");
        second.close();
        third.close();
        assertEquals(0, admission.reservedBytes());
    }

    @Test
    void aRequestLargerThanTheTypicalRoomStillGetsInAlone() {
        Admission admission = new Admission(new AdmissionConfig(10, null));
        Admission.Reservation big = admission.open();
        assertTrue(big.holding(4 * MIB), "reserves the whole budget rather than never getting in");
        assertEquals(10 * MIB, admission.reservedBytes());
        assertNull(big.decoding(4 * MIB, 4 * MIB, 5 * MIB));
        assertEquals(9 * MIB, admission.reservedBytes());
        big.close();
    }

    @Test
    void decodingIsRefusedPastTheLimitOrTheExpansionRatio() {
        Admission admission = new Admission(new AdmissionConfig(64, 1000));
        try (Admission.Reservation r = admission.open()) {
            assertTrue(r.holding(20 * MIB));
            String tooBig = r.decoding(20_000, 20 * MIB, 660 * MIB);
            assertNotNull(tooBig);
            assertTrue(tooBig.contains("max_expansion_ratio"), tooBig);
        }
        try (Admission.Reservation r = admission.open()) {
            assertTrue(r.holding(MIB));
            String overLimit = r.decoding(MIB, MIB, 100 * MIB);
            assertTrue(overLimit.contains("request_limit_mib (64 MiB)"), overLimit);
        }
        assertEquals(0, admission.reservedBytes());
    }

    @Test
    void emptyMessagesAreEstimatedAtTheirHeapSizeNotTheirWireSize() throws Exception {
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        for (int i = 0; i < 10_000; i++) {
            builder.addResourceSpans(ResourceSpans.getDefaultInstance());
        }
        byte[] wire = builder.build().toByteArray();
        assertEquals(20_000, wire.length);
        long estimate = DecodedSize.ofProtobuf(ExportTraceServiceRequest.getDescriptor(), ByteBuffer.wrap(wire));
        assertTrue(estimate >= 10_000 * DecodedSize.PER_MESSAGE, "estimate " + estimate);
    }

    @Test
    void theEstimateIsTheSameOverOneBufferOrSeveral() throws Exception {
        byte[] wire = TestTraces.request("checkout", 50).toByteArray();
        long whole = DecodedSize.ofProtobuf(ExportTraceServiceRequest.getDescriptor(), ByteBuffer.wrap(wire));
        int half = wire.length / 2;
        long split = DecodedSize.ofProtobuf(ExportTraceServiceRequest.getDescriptor(),
                ByteBuffer.wrap(wire, 0, half), ByteBuffer.wrap(wire, half, wire.length - half));
        assertEquals(whole, split);
        assertTrue(whole > wire.length);
    }

    @Test
    void bytesThatAreNotProtobufAreRefusedAsParsingWould() {
        byte[] truncated = {0x0a, 0x7f, 0x01};
        assertThrows(InvalidProtocolBufferException.class,
                () -> DecodedSize.ofProtobuf(ExportTraceServiceRequest.getDescriptor(), ByteBuffer.wrap(truncated)));
    }

    @Test
    void aVarintParsingTakesIsTakenToo() throws Exception {
        // field 15, then ten varint bytes whose last still has its continuation bit: protobuf-java parses it
        byte[] wire = {0x78, -99, -99, -99, -99, -99, -99, -99, -99, -99, -99};
        ExportTraceServiceRequest.parseFrom(ByteBuffer.wrap(wire));
        assertTrue(DecodedSize.ofProtobuf(ExportTraceServiceRequest.getDescriptor(), ByteBuffer.wrap(wire)) > 0);
    }

    @Test
    void jsonObjectsAndStringsCountAsObjects() {
        byte[] json = "{\"resourceSpans\":[{},{},{}]}".getBytes(StandardCharsets.UTF_8);
        assertEquals(json.length + 4 * DecodedSize.PER_MESSAGE + DecodedSize.PER_STRING,
                DecodedSize.ofJson(ByteBuffer.wrap(json)));
    }

    @Test
    void badSettingsNameTheirKey() {
        assertEquals("request_limit_mib",
                assertThrows(InvalidConfigException.class, () -> new AdmissionConfig(0, null)).key());
        assertEquals("max_expansion_ratio",
                assertThrows(InvalidConfigException.class, () -> new AdmissionConfig(null, 0)).key());
        assertTrue(AdmissionConfig.defaults().requestLimitMib() >= 8);
    }
}
