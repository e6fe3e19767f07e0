package io.spanvault.exporter.debug;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.spanvault.pipeline.signal.Signal;
import java.util.List;
import java.util.function.Consumer;

/** Debug lines for metrics: one per data point with the metric's name, type, value and attributes. */
final class MetricFormat implements SignalFormat<ExportMetricsServiceRequest> {

    @Override
    public String summary(ExportMetricsServiceRequest request) {
        int metrics = 0;
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                metrics += scope.getMetricsCount();
            }
        }
        return "metrics: resource_metrics=" + request.getResourceMetricsCount() + " metrics=" + metrics
                + " data_points=" + Signal.METRICS.itemCount(request);
    }

    @Override
    public void items(ExportMetricsServiceRequest request, boolean detailed, Consumer<String> out) {
        for (int r = 0; r < request.getResourceMetricsCount(); r++) {
            ResourceMetrics resource = request.getResourceMetrics(r);
            String service = OtlpText.serviceName(resource.getResource());
            if (detailed) {
                out.accept(OtlpText.resource(r, resource.getResource(), resource.getSchemaUrl()));
            }
            for (int s = 0; s < resource.getScopeMetricsCount(); s++) {
                ScopeMetrics scope = resource.getScopeMetrics(s);
                if (detailed) {
                    out.accept(OtlpText.scope(s, scope.getScope()));
                }
                for (Metric metric : scope.getMetricsList()) {
                    points(metric, service, out);
                    if (detailed) {
                        out.accept("      " + OtlpText.fields(metric));
                    }
                }
            }
        }
    }

    private static void points(Metric metric, String service, Consumer<String> out) {
        String prefix = "    point service=" + service + " metric=" + metric.getName() + " type=";
        switch (metric.getDataCase()) {
            case GAUGE -> numbers(prefix + "gauge", metric.getGauge().getDataPointsList(), out);
            case SUM -> numbers(prefix + "sum", metric.getSum().getDataPointsList(), out);
            case HISTOGRAM -> {
                for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
                    out.accept(prefix + "histogram count=" + p.getCount() + " sum=" + p.getSum()
                            + " time=" + OtlpText.time(p.getTimeUnixNano()) + attributes(p.getAttributesList()));
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                for (ExponentialHistogramDataPoint p : metric.getExponentialHistogram().getDataPointsList()) {
                    out.accept(prefix + "exponential_histogram count=" + p.getCount() + " sum=" + p.getSum()
                            + " scale=" + p.getScale() + " time=" + OtlpText.time(p.getTimeUnixNano())
                            + attributes(p.getAttributesList()));
                }
            }
            case SUMMARY -> {
                for (SummaryDataPoint p : metric.getSummary().getDataPointsList()) {
                    out.accept(prefix + "summary count=" + p.getCount() + " sum=" + p.getSum()
                            + " time=" + OtlpText.time(p.getTimeUnixNano()) + attributes(p.getAttributesList()));
                }
            }
            default -> out.accept(prefix + "empty");
        }
    }

    private static void numbers(String prefix, List<NumberDataPoint> points, Consumer<String> out) {
        for (NumberDataPoint p : points) {
            String value = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? Long.toString(p.getAsInt())
                    : Double.toString(p.getAsDouble());
            out.accept(prefix + " value=" + value + " time=" + OtlpText.time(p.getTimeUnixNano())
                    + attributes(p.getAttributesList()));
        }
    }

    private static String attributes(List<KeyValue> attributes) {
        return attributes.isEmpty() ? "" : " attributes=" + OtlpText.attributes(attributes);
    }
}
