package io.spanvault.connector.forward;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Connector;
import io.spanvault.pipeline.component.ConnectorFactory;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.util.concurrent.CompletionStage;

/**
 * {@code forward}: hands data unchanged from the pipelines that export to it to the pipelines of the same
 * signal that receive from it, to split one pipeline into several or join several into one.
 */
public final class ForwardConnectorFactory implements ConnectorFactory<ForwardConnectorConfig> {

    @Override
    public String type() {
        return "forward";
    }

    @Override
    public Class<ForwardConnectorConfig> configType() {
        return ForwardConnectorConfig.class;
    }

    @Override
    public ForwardConnectorConfig defaultConfig() {
        return new ForwardConnectorConfig();
    }

    @Override
    public boolean supports(Signal<?> exported, Signal<?> received) {
        return exported == received;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I extends Message, O extends Message> Connector<I> create(ComponentContext context,
            ForwardConnectorConfig config, Signal<I> exported, Signal<O> received, SignalConsumer<O> next) {
        if (exported != received) {
            throw new IllegalArgumentException("forward connects pipelines of one signal, not " + exported + " to " + received);
        }
        SignalConsumer<I> same = (SignalConsumer<I>) next;
        return new Connector<>() {
            @Override
            public CompletionStage<Void> consume(I data) {
                return same.consume(data);
            }
        };
    }
}
