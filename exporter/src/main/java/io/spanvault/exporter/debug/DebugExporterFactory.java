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
        // Looked up here, not in a static field, so the level the service sets from its config applies.
        Logger log = LoggerFactory.getLogger(DebugExporter.class);
        String prefix = context.id() + " ";
        return new DebugExporter<>(signal, config.verbosity(), line -> log.info("{}{}", prefix, line));
    }
}
