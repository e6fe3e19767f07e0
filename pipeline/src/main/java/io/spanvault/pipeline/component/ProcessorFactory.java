package io.spanvault.pipeline.component;

import com.google.protobuf.Message;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.util.List;

/** Creates processors; every pipeline that lists a processor id gets an instance of its own. */
public interface ProcessorFactory<C> extends ComponentFactory<C> {

    @Override
    default ComponentKind kind() {
        return ComponentKind.PROCESSOR;
    }

    /** The signals this type of processor handles. */
    default List<Signal<?>> signals() {
        return Signal.all();
    }

    <T extends Message> Processor<T> create(ComponentContext context, C config, Signal<T> signal,
            SignalConsumer<T> next);
}
