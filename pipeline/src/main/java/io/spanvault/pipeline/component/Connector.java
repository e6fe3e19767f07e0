package io.spanvault.pipeline.component;

import io.spanvault.pipeline.consumer.SignalConsumer;

/**
 * The exporter of one pipeline that is the receiver of others: it consumes one signal and hands what it
 * makes of it (the same data, or metrics computed from spans) to the pipelines that list it as a receiver.
 */
public interface Connector<T> extends SignalConsumer<T>, Component {
}
