package io.spanvault.processor.probabilisticsampler;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;

/** The collector's {@code count_traces_sampled} self-metric, by policy and decision, registered once. */
final class SamplingCounts {
    private static final String NAME = "otelcol_processor_probabilistic_sampler_count_traces_sampled";
    private static final String HELP = "Count of spans that were sampled or not";

    final Counter hashSampled;
    final Counter hashDropped;
    final Counter prioritySampled;
    final Counter priorityDropped;

    SamplingCounts(ComponentContext context) {
        Labels base = Labels.of("processor", context.id().toString());
        hashSampled = context.telemetry().counter(NAME, HELP, base.and("policy", "trace_id_hash").and("sampled", "true"));
        hashDropped = context.telemetry().counter(NAME, HELP, base.and("policy", "trace_id_hash").and("sampled", "false"));
        prioritySampled = context.telemetry().counter(NAME, HELP,
                base.and("policy", "sampling_priority").and("sampled", "true"));
        priorityDropped = context.telemetry().counter(NAME, HELP,
                base.and("policy", "sampling_priority").and("sampled", "false"));
    }
}
