package io.spanvault.receiver.zipkin;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.component.ReceiverFactory;

/** Creates {@code zipkin} receivers: Zipkin's v1 and v2 span APIs on 9411 by default, bound to 127.0.0.1. */
public final class ZipkinReceiverFactory implements ReceiverFactory<ZipkinReceiverConfig> {

    @Override
    public String type() {
        return "zipkin";
    }

    @Override
    public Class<ZipkinReceiverConfig> configType() {
        return ZipkinReceiverConfig.class;
    }

    @Override
    public ZipkinReceiverConfig defaultConfig() {
        return new ZipkinReceiverConfig(null, null);
    }

    @Override
    public ZipkinReceiver create(ComponentContext context, ZipkinReceiverConfig config, ReceiverConsumers consumers) {
        return new ZipkinReceiver(context, config, consumers);
    }
}
