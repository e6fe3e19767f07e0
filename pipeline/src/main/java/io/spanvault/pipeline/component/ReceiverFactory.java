package io.spanvault.pipeline.component;

import io.spanvault.pipeline.signal.Signal;
import java.util.List;

/** Creates a receiver; one receiver serves every pipeline (of every signal) that lists its id. */
public interface ReceiverFactory<C> extends ComponentFactory<C> {

    @Override
    default ComponentKind kind() {
        return ComponentKind.RECEIVER;
    }

    /** The signals this type of receiver can produce. */
    default List<Signal<?>> signals() {
        return Signal.all();
    }

    Receiver create(ComponentContext context, C config, ReceiverConsumers consumers);
}
