package io.spanvault.pipeline.component;

import com.google.protobuf.Message;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;

/**
 * Creates connectors, listed under {@code connectors}. One instance exists per connector id and pair of
 * signals it joins (e.g. {@code spanmetrics} traces to metrics); every pipeline of the exporting signal that
 * lists it feeds that instance, and it feeds every pipeline of the receiving signal that lists it.
 */
public interface ConnectorFactory<C> extends ComponentFactory<C> {

    @Override
    default ComponentKind kind() {
        return ComponentKind.CONNECTOR;
    }

    /** Whether this type can take {@code exported} data at the end of a pipeline and emit {@code received}. */
    boolean supports(Signal<?> exported, Signal<?> received);

    <I extends Message, O extends Message> Connector<I> create(ComponentContext context, C config,
            Signal<I> exported, Signal<O> received, SignalConsumer<O> next);
}
