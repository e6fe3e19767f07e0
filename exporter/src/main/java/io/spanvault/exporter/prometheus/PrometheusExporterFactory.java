package io.spanvault.exporter.prometheus;

import com.google.protobuf.Message;
import io.spanvault.exporter.sending.SendingMetrics;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.signal.Signal;
import java.util.List;

/** {@code prometheus}: a scrape endpoint (default 127.0.0.1:8889) serving the metrics it is sent. */
public final class PrometheusExporterFactory implements ExporterFactory<PrometheusExporterConfig> {

    @Override
    public String type() {
        return "prometheus";
    }

    @Override
    public Class<PrometheusExporterConfig> configType() {
        return PrometheusExporterConfig.class;
    }

    @Override
    public PrometheusExporterConfig defaultConfig() {
        return new PrometheusExporterConfig(null, null, null, null, null, null);
    }

    @Override
    public List<Signal<?>> signals() {
        return List.of(Signal.METRICS);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Message> Exporter<T> create(ComponentContext context, PrometheusExporterConfig config,
            Signal<T> signal) {
        if (signal != Signal.METRICS) {
            throw new IllegalArgumentException("exporter " + context.id() + " exports metrics only, not " + signal);
        }
        return (Exporter<T>) new PrometheusExporter(config,
                new SendingMetrics(context, signal), context.id().toString());
    }
}
