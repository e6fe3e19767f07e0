package io.spanvault.pipeline.component;

import io.spanvault.pipeline.consumer.SignalConsumer;

/** A pipeline stage that changes, drops, groups or holds back data before handing it to the next consumer. */
public interface Processor<T> extends SignalConsumer<T>, Component {
}
