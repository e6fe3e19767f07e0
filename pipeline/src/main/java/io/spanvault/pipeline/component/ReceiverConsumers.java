package io.spanvault.pipeline.component;

import com.google.protobuf.Message;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.util.Map;
import java.util.Optional;

/** The consumers a receiver feeds, one per signal it is used for in some pipeline. */
public final class ReceiverConsumers {
    private final Map<Signal<?>, SignalConsumer<?>> bySignal;

    public ReceiverConsumers(Map<Signal<?>, SignalConsumer<?>> bySignal) {
        this.bySignal = Map.copyOf(bySignal);
    }

    /** The consumer for the signal, or empty when no pipeline of that signal uses this receiver. */
    @SuppressWarnings("unchecked")
    public <T extends Message> Optional<SignalConsumer<T>> get(Signal<T> signal) {
        return Optional.ofNullable((SignalConsumer<T>) bySignal.get(signal));
    }

    public static <T extends Message> ReceiverConsumers of(Signal<T> signal, SignalConsumer<T> consumer) {
        return new ReceiverConsumers(Map.of(signal, consumer));
    }
}
