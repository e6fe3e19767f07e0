package io.spanvault.exporter.debug;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.signal.Signal;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates {@code debug} exporters (alias {@code logging}, its older name), which log what they receive. */
public final class DebugExporterFactory implements ExporterFactory<DebugConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(DebugExporter.class);

    @Override
    public String type() {
        return "debug";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("logging");
    }

    @Override
    public Class<DebugConfig> configType() {
        return DebugConfig.class;
    }

    @Override
    public DebugConfig defaultConfig() {
        return new DebugConfig(null);
    }

    @Override
    public <T extends Message> Exporter<T> create(ComponentContext context, DebugConfig config, Signal<T> signal) {
        String prefix = context.id() + " ";
        return new DebugExporter<>(signal, config.verbosity(), line -> LOG.info("{}{}", prefix, line));
    }
}
