package io.spanvault.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Cases from the Collector's translator: unit and type suffixes, namespaces, label sanitizing. */
class PrometheusNamesTest {

    @Test
    void metricNamesGetUnitAndTypeSuffixes() {
        assertEquals("traces_span_metrics_duration_milliseconds",
                PrometheusNames.metric("traces.span.metrics.duration", "ms", PrometheusNames.Kind.OTHER, ""));
        assertEquals("traces_span_metrics_calls_total",
                PrometheusNames.metric("traces.span.metrics.calls", "", PrometheusNames.Kind.COUNTER, ""));
        assertEquals("traces_service_graph_request_total",
                PrometheusNames.metric("traces_service_graph_request_total", "", PrometheusNames.Kind.COUNTER, ""));
        assertEquals("traces_service_graph_request_server_seconds",
                PrometheusNames.metric("traces_service_graph_request_server_seconds", "s", PrometheusNames.Kind.OTHER, ""));
        assertEquals("jvm_memory_used_bytes", PrometheusNames.metric("jvm.memory.used", "By", PrometheusNames.Kind.GAUGE, ""));
        assertEquals("demo_orders_total", PrometheusNames.metric("demo.orders", "{order}", PrometheusNames.Kind.COUNTER, ""));
        assertEquals("cpu_utilization_ratio", PrometheusNames.metric("cpu.utilization", "1", PrometheusNames.Kind.GAUGE, ""));
        assertEquals("net_io_bytes_per_second", PrometheusNames.metric("net.io", "By/s", PrometheusNames.Kind.GAUGE, ""));
        assertEquals("app_requests_total", PrometheusNames.metric("requests.total", "", PrometheusNames.Kind.COUNTER, "app"));
        assertEquals("_2xx_count", PrometheusNames.metric("2xx.count", "", PrometheusNames.Kind.GAUGE, ""));
    }

    @Test
    void labelNamesAreSanitized() {
        assertEquals("service_name", PrometheusNames.label("service.name"));
        assertEquals("key_0abc", PrometheusNames.label("0abc"));
        assertEquals("key_private", PrometheusNames.label("_private"));
        assertEquals("__reserved", PrometheusNames.label("__reserved"));
    }
}
