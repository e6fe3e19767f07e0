package io.spanvault.receiver.otlp;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.component.ReceiverFactory;

/** Creates {@code otlp} receivers: OTLP/gRPC on 4317 and OTLP/HTTP on 4318 by default, bound to 127.0.0.1. */
public final class OtlpReceiverFactory implements ReceiverFactory<OtlpReceiverConfig> {

    @Override
    public String type() {
        return "otlp";
    }

    @Override
    public Class<OtlpReceiverConfig> configType() {
        return OtlpReceiverConfig.class;
    }

    @Override
    public OtlpReceiverConfig defaultConfig() {
        return new OtlpReceiverConfig(null);
    }

    @Override
    public OtlpReceiver create(ComponentContext context, OtlpReceiverConfig config, ReceiverConsumers consumers) {
        return new OtlpReceiver(context, config, consumers);
    }
}
