package io.spanvault.pipeline.component;

import io.spanvault.pipeline.consumer.SignalConsumer;

/** The end of a pipeline: sends data out of the pipeline (to a store, a file, another collector). */
public interface Exporter<T> extends SignalConsumer<T>, Component {
}
