package io.spanvault.pipeline.component;

import com.google.protobuf.Message;
import io.spanvault.pipeline.signal.Signal;
import java.util.List;

/** Creates exporters; one instance per exporter id and signal, shared by the pipelines of that signal. */
public interface ExporterFactory<C> extends ComponentFactory<C> {

    @Override
    default ComponentKind kind() {
        return ComponentKind.EXPORTER;
    }

    /** The signals this type of exporter can send. */
    default List<Signal<?>> signals() {
        return Signal.all();
    }

    <T extends Message> Exporter<T> create(ComponentContext context, C config, Signal<T> signal);
}
