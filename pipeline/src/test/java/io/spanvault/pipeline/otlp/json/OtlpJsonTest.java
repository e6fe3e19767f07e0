package io.spanvault.pipeline.otlp.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
    private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    private static final String SPAN_ID = "eee19b7ec3c1b174";
    private static final String PARENT_ID = "eee19b7ec3c1b173";

    private static ByteString hex(String s) {
        return ByteString.copyFrom(HexFormat.of().parseHex(s));
    }

    /** The binary twin of the hand-written body below, built field by field. */
    private static ExportTraceServiceRequest expectedTraces() {
        Span span = Span.newBuilder()
                .setTraceId(hex(TRACE_ID)).setSpanId(hex(SPAN_ID)).setParentSpanId(hex(PARENT_ID))
                .setName("GET /orders").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1_700_000_000_000_000_000L).setEndTimeUnixNano(1_700_000_000_250_000_000L)
                .addAttributes(KeyValue.newBuilder().setKey("http.status_code")
                        .setValue(AnyValue.newBuilder().setIntValue(200)))
                .addAttributes(KeyValue.newBuilder().setKey("payload")
                        .setValue(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi"))))
                .addLinks(Span.Link.newBuilder().setTraceId(hex(TRACE_ID)).setSpanId(hex(PARENT_ID)))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
                .build();
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("orders"))))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("io.orders"))
                                .addSpans(span)))
                .build();
    }

    @Test
    void handWrittenBodyDecodesToItsBinaryTwin() throws Exception {
        String json = """
                {
                  "resourceSpans": [{
                    "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "orders"}}]},
                    "scope_spans": [{
                      "scope": {"name": "io.orders"},
                      "spans": [{
                        "traceId": "5B8EFFF798038103D269B633813FC60C",
                        "span_id": "eee19b7ec3c1b174",
                        "parentSpanId": "eee19b7ec3c1b173",
                        "name": "GET /orders",
                        "kind": 2,
                        "startTimeUnixNano": "1700000000000000000",
                        "end_time_unix_nano": 1700000000250000000,
                        "attributes": [
                          {"key": "http.status_code", "value": {"intValue": "200"}},
                          {"key": "payload", "value": {"bytes_value": "aGk="}}
                        ],
                        "links": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b173"}],
                        "status": {"code": "STATUS_CODE_ERROR", "message": "boom"},
                        "someFutureField": {"nested": [1, 2, {"x": null}]},
                        "droppedEventsCount": null
                      }]
                    }]
                  }]
                }
                """;
        ExportTraceServiceRequest expected = expectedTraces();

        ExportTraceServiceRequest decoded = OtlpJson.decode(json, ExportTraceServiceRequest.getDefaultInstance());

        assertEquals(expected, decoded);
        assertEquals(expected, ExportTraceServiceRequest.parseFrom(decoded.toByteArray()));
        assertEquals(decoded, OtlpJson.decode(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                ExportTraceServiceRequest.getDefaultInstance()));
    }

    @Test
    void encodesAsTheSpecSays() {
        String json = OtlpJson.encodeToString(expectedTraces());

        assertTrue(json.contains("\"traceId\":\"" + TRACE_ID + "\""), json);
        assertTrue(json.contains("\"parentSpanId\":\"" + PARENT_ID + "\""), json);
        assertTrue(json.contains("\"startTimeUnixNano\":\"1700000000000000000\""), json);
        assertTrue(json.contains("\"intValue\":\"200\""), json);
        assertTrue(json.contains("\"kind\":2"), json);
        assertTrue(json.contains("\"code\":2"), json);
        assertTrue(json.contains("\"bytesValue\":\"aGk=\""), json);
        assertFalse(json.matches("(?s).*\"[A-Za-z]+_[A-Za-z_]*\":.*"), "no snake_case keys: " + json);
        assertFalse(json.contains("droppedAttributesCount"), "default values are left out: " + json);
    }

    @Test
    void fieldsSetToTheirDefaultAreWrittenWhenTheyHavePresence() {
        assertEquals("{\"intValue\":\"0\"}", OtlpJson.encodeToString(AnyValue.newBuilder().setIntValue(0).build()));
        assertEquals("{\"stringValue\":\"\"}",
                OtlpJson.encodeToString(AnyValue.newBuilder().setStringValue("").build()));
        assertEquals("{}", OtlpJson.encodeToString(AnyValue.getDefaultInstance()));
        assertEquals("{\"status\":{}}",
                OtlpJson.encodeToString(Span.newBuilder().setStatus(Status.getDefaultInstance()).build()));
        assertEquals("{\"sum\":0.0}", OtlpJson.encodeToString(HistogramDataPoint.newBuilder().setSum(0).build()));
        assertEquals("{\"kind\":1}",
                OtlpJson.encodeToString(Span.newBuilder().setKind(Span.SpanKind.SPAN_KIND_INTERNAL).build()));
        assertEquals("{}", OtlpJson.encodeToString(Span.newBuilder().setName("").setKind(
                Span.SpanKind.SPAN_KIND_UNSPECIFIED).setStartTimeUnixNano(0).build()));
    }

    @Test
    void tracesRoundTrip() {
        ExportTraceServiceRequest request = expectedTraces();
        assertEquals(request, OtlpJson.decode(OtlpJson.encodeToString(request),
                ExportTraceServiceRequest.getDefaultInstance()));
    }

    @Test
    void metricsRoundTripWithHexExemplarIdsAndSpecialDoubles() {
        Metric sum = Metric.newBuilder().setName("requests").setUnit("1")
                .setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(NumberDataPoint.newBuilder().setAsInt(-42)
                                .setTimeUnixNano(-1L) // fixed64: the largest unsigned value
                                .addExemplars(Exemplar.newBuilder().setAsDouble(Double.NaN)
                                        .setTraceId(hex(TRACE_ID)).setSpanId(hex(SPAN_ID)))))
                .build();
        Metric histogram = Metric.newBuilder().setName("latency")
                .setHistogram(Histogram.newBuilder().addDataPoints(HistogramDataPoint.newBuilder()
                        .setCount(3).setSum(Double.POSITIVE_INFINITY).addBucketCounts(1)
                        .addBucketCounts(2).addExplicitBounds(0.5).setMin(-0.25)))
                .build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(sum).addMetrics(histogram)))
                .build();

        String json = OtlpJson.encodeToString(request);

        assertTrue(json.contains("\"traceId\":\"" + TRACE_ID + "\""), json);
        assertTrue(json.contains("\"timeUnixNano\":\"18446744073709551615\""), json);
        assertTrue(json.contains("\"asInt\":\"-42\""), json);
        assertTrue(json.contains("\"asDouble\":\"NaN\""), json);
        assertEquals(request, OtlpJson.decode(json, ExportMetricsServiceRequest.getDefaultInstance()));
    }

    @Test
    void logsRoundTripAndTakeSeverityByName() {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(5).setSeverityNumber(
                                SeverityNumber.SEVERITY_NUMBER_WARN).setSeverityText("WARN").setFlags(1)
                                .setTraceId(hex(TRACE_ID)).setSpanId(hex(SPAN_ID))
                                .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                                        .addValues(KeyValue.newBuilder().setKey("list").setValue(AnyValue.newBuilder()
                                                .setArrayValue(ArrayValue.newBuilder()
                                                        .addValues(AnyValue.newBuilder().setBoolValue(true))
                                                        .addValues(AnyValue.newBuilder().setDoubleValue(1.5))))))))))
                .build();
        assertEquals(request, OtlpJson.decode(OtlpJson.encodeToString(request),
                ExportLogsServiceRequest.getDefaultInstance()));

        ExportLogsServiceRequest byName = OtlpJson.decode("""
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"SEVERITY_NUMBER_WARN"}]}]}]}""",
                ExportLogsServiceRequest.getDefaultInstance());
        assertEquals(SeverityNumber.SEVERITY_NUMBER_WARN,
                byName.getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getSeverityNumber());
    }

    @Test
    void responsesRoundTrip() {
        var traces = ExportTraceServiceResponse.newBuilder().setPartialSuccess(
                ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("bad ids")).build();
        var metrics = ExportMetricsServiceResponse.newBuilder().setPartialSuccess(
                ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(1)).build();
        var logs = ExportLogsServiceResponse.newBuilder().setPartialSuccess(
                ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(3)).build();

        assertEquals("{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"bad ids\"}}",
                OtlpJson.encodeToString(traces));
        assertEquals(traces, OtlpJson.decode(OtlpJson.encodeToString(traces),
                ExportTraceServiceResponse.getDefaultInstance()));
        assertEquals(metrics, OtlpJson.decode(OtlpJson.encodeToString(metrics),
                ExportMetricsServiceResponse.getDefaultInstance()));
        assertEquals(logs, OtlpJson.decode(OtlpJson.encodeToString(logs),
                ExportLogsServiceResponse.getDefaultInstance()));
        assertEquals("{}", OtlpJson.encodeToString(ExportTraceServiceResponse.getDefaultInstance()));
    }

    @Test
    void idsOfAnyEvenLengthDecodeSoThatValidationCanRejectTheSpanAlone() {
        ExportTraceServiceRequest r = OtlpJson.decode("""
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"abcd","spanId":""}]}]}]}""",
                ExportTraceServiceRequest.getDefaultInstance());
        Span span = r.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertEquals(hex("abcd"), span.getTraceId());
        assertEquals(ByteString.EMPTY, span.getSpanId());
    }

    @Test
    void badInputIsRefusedWithAMessageNamingTheProblem() {
        assertProblem("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz1\"}]}]}]}", "traceId");
        assertProblem("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"abc\"}]}]}]}", "odd");
        assertProblem("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":\"SPAN_KIND_NOPE\"}]}]}]}",
                "SPAN_KIND_NOPE");
        assertProblem("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}",
                "startTimeUnixNano");
        assertProblem("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"droppedLinksCount\":-1}]}]}]}",
                "out of range");
        assertProblem("{\"resourceSpans\":{}}", "expected an array");
        assertProblem("{\"resourceSpans\":[1]}", "expected an object");
        assertProblem("[]", "expected an object");
        assertProblem("", "empty");
        assertProblem("{\"resourceSpans\":[]} {}", "after the object");
        assertProblem("{\"resourceSpans\":[", "invalid JSON");
        assertProblem("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"value\":{\"bytesValue\":\"%%\"}}]}}]}",
                "base64");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":"
                + "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":".repeat(500) + "{}"
                + "}]}}".repeat(500) + "}]}}]}";
        assertProblem(deep, "invalid JSON");
    }

    @Test
    void hugeExponentsAreRefusedNamingTheFieldWithoutExpandingThem() {
        for (String value : new String[] {"1e30000000", "\"1e30000000\"", "-1E2147483647", "\"1e-30000000\"",
            "1e-2147483647", "123456789012345678901.0"}) {
            String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":" + value
                    + "}]}]}]}";
            assertProblem(json, "field startTimeUnixNano");
        }
    }

    @Test
    void integersWithExponentsOrZeroFractionsAreStillTaken() throws Exception {
        String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":1.7e18,"
                + "\"endTimeUnixNano\":\"1700000000000000000.000\",\"droppedAttributesCount\":5e0}]}]}]}";
        Span span = OtlpJson.decode(json, ExportTraceServiceRequest.getDefaultInstance()).getResourceSpans(0)
                .getScopeSpans(0).getSpans(0);
        assertEquals(1_700_000_000_000_000_000L, span.getStartTimeUnixNano());
        assertEquals(1_700_000_000_000_000_000L, span.getEndTimeUnixNano());
        assertEquals(5, span.getDroppedAttributesCount());
    }

    private static void assertProblem(String json, String expectedInMessage) {
        OtlpJsonException e = assertThrows(OtlpJsonException.class,
                () -> OtlpJson.decode(json, ExportTraceServiceRequest.getDefaultInstance()));
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }
}
