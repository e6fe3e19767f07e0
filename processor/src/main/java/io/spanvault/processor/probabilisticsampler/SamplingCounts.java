package io.spanvault.processor.probabilisticsampler;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import java.util.HashMap;
import java.util.Map;

/** The collector's {@code count_traces_sampled} self-metric, by policy and decision, registered once. */
final class SamplingCounts {
    static final String TRACE_ID_HASH = "trace_id_hash";
    static final String SAMPLING_PRIORITY = "sampling_priority";
    static final String MISSING_RANDOMNESS = "missing_randomness";

    private static final String NAME = "otelcol_processor_probabilistic_sampler_count_traces_sampled";
    private static final String HELP = "Count of spans that were sampled or not";

    private final Map<String, Counter> counters = new HashMap<>();

    SamplingCounts(ComponentContext context) {
        Labels base = Labels.of("processor", context.id().toString());
        for (String policy : new String[] {TRACE_ID_HASH, SAMPLING_PRIORITY, MISSING_RANDOMNESS}) {
            for (boolean sampled : new boolean[] {true, false}) {
                counters.put(policy + sampled, context.telemetry().counter(NAME, HELP,
                        base.and("policy", policy).and("sampled", Boolean.toString(sampled))));
            }
        }
    }

    void count(String policy, boolean sampled) {
        counters.get(policy + sampled).increment();
    }
}
