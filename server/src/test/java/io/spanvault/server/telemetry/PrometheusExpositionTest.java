package io.spanvault.server.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.telemetry.Histogram;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import org.junit.jupiter.api.Test;

class PrometheusExpositionTest {

    @Test
    void countersGainTotalSuffixOnEveryLine() {
        Telemetry telemetry = new Telemetry();
        telemetry.counter("otelcol_receiver_accepted_spans", "Spans pushed into the pipeline.",
                Labels.of("receiver", "otlp", "transport", "grpc")).add(250);
        telemetry.counter("otelcol_receiver_accepted_spans", "Spans pushed into the pipeline.",
                Labels.of("receiver", "otlp", "transport", "http")).add(3);

        assertEquals("""
                # HELP otelcol_receiver_accepted_spans_total Spans pushed into the pipeline.
                # TYPE otelcol_receiver_accepted_spans_total counter
                otelcol_receiver_accepted_spans_total{receiver="otlp",transport="grpc"} 250
                otelcol_receiver_accepted_spans_total{receiver="otlp",transport="http"} 3
                """, PrometheusExposition.write(telemetry));
    }

    @Test
    void gaugesAreReadWhenWrittenAndKeepTheirName() {
        Telemetry telemetry = new Telemetry();
        double[] size = {7};
        telemetry.gauge("otelcol_exporter_queue_size", "Current size of the retry queue",
                Labels.of("exporter", "otlp"), () -> size[0]);
        size[0] = 12.5;

        assertEquals("""
                # HELP otelcol_exporter_queue_size Current size of the retry queue
                # TYPE otelcol_exporter_queue_size gauge
                otelcol_exporter_queue_size{exporter="otlp"} 12.5
                """, PrometheusExposition.write(telemetry));
    }

    @Test
    void histogramsExpandToCumulativeBucketsSumAndCount() {
        Telemetry telemetry = new Telemetry();
        Histogram histogram = telemetry.histogram("otelcol_processor_batch_batch_send_size",
                "Number of units in the batch", Labels.of("processor", "batch"), 10, 100, 1000);
        histogram.record(5);
        histogram.record(100);
        histogram.record(5000);

        assertEquals("""
                # HELP otelcol_processor_batch_batch_send_size Number of units in the batch
                # TYPE otelcol_processor_batch_batch_send_size histogram
                otelcol_processor_batch_batch_send_size_bucket{processor="batch",le="10"} 1
                otelcol_processor_batch_batch_send_size_bucket{processor="batch",le="100"} 2
                otelcol_processor_batch_batch_send_size_bucket{processor="batch",le="1000"} 2
                otelcol_processor_batch_batch_send_size_bucket{processor="batch",le="+Inf"} 3
                otelcol_processor_batch_batch_send_size_sum{processor="batch"} 5105
                otelcol_processor_batch_batch_send_size_count{processor="batch"} 3
                """, PrometheusExposition.write(telemetry));
    }

    @Test
    void fractionalBoundsAndUnlabelledHistogramsHaveOnlyTheLeLabel() {
        Telemetry telemetry = new Telemetry();
        telemetry.histogram("spanvault_query_latency_seconds", "Query latency", Labels.NONE, 0.005, 0.25)
                .record(0.1);

        String text = PrometheusExposition.write(telemetry);

        assertTrue(text.contains("spanvault_query_latency_seconds_bucket{le=\"0.005\"} 0\n"), text);
        assertTrue(text.contains("spanvault_query_latency_seconds_bucket{le=\"0.25\"} 1\n"), text);
        assertTrue(text.contains("spanvault_query_latency_seconds_sum 0.1\n"), text);
    }

    @Test
    void escapesLabelValuesAndHelp() {
        Telemetry telemetry = new Telemetry();
        telemetry.counter("c", "a \\ back\nslash", Labels.of("receiver", "otlp/\"q\"\\x\ny")).increment();

        assertEquals("""
                # HELP c_total a \\\\ back\\nslash
                # TYPE c_total counter
                c_total{receiver="otlp/\\"q\\"\\\\x\\ny"} 1
                """, PrometheusExposition.write(telemetry));
    }

    @Test
    void numbersFollowPrometheusSpelling() {
        assertEquals("42", io.spanvault.pipeline.prometheus.ExpositionWriter.number(42.0));
        assertEquals("0.5", io.spanvault.pipeline.prometheus.ExpositionWriter.number(0.5));
        assertEquals("NaN", io.spanvault.pipeline.prometheus.ExpositionWriter.number(Double.NaN));
        assertEquals("+Inf", io.spanvault.pipeline.prometheus.ExpositionWriter.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", io.spanvault.pipeline.prometheus.ExpositionWriter.number(Double.NEGATIVE_INFINITY));
        assertEquals("1.0E20", io.spanvault.pipeline.prometheus.ExpositionWriter.number(1e20));
    }
}
