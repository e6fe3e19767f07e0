package io.spanvault.processor.tailsampling;

import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.processor.tailsampling.policy.PolicyConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code tail_sampling} processor's config, keyed as the collector's: {@code decision_wait} (30s),
 * {@code num_traces} (50000), {@code expected_new_traces_per_sec} (0, a sizing hint), {@code decision_cache}
 * and {@code policies} (required), plus Spanvault's {@code acknowledge} ({@code on_receipt}, the default, or
 * {@code on_decision}; see the processor README).
 */
public record TailSamplingConfig(Duration decisionWait, Integer numTraces, Integer expectedNewTracesPerSec,
        DecisionCacheConfig decisionCache, List<PolicyConfig> policies, String acknowledge) {

    public TailSamplingConfig {
        decisionWait = decisionWait == null ? Duration.ofSeconds(30) : decisionWait;
        numTraces = numTraces == null ? 50_000 : numTraces;
        expectedNewTracesPerSec = expectedNewTracesPerSec == null ? 0 : expectedNewTracesPerSec;
        decisionCache = decisionCache == null ? new DecisionCacheConfig(null, null) : decisionCache;
        policies = policies == null ? List.of() : List.copyOf(policies);
        acknowledge = acknowledge == null ? Acknowledgement.ON_RECEIPT.configValue() : acknowledge;
        Acknowledgement.parse(acknowledge);
        if (decisionWait.isNegative() || decisionWait.isZero()) {
            throw new InvalidConfigException("decision_wait", "must be positive");
        }
        if (numTraces <= 0) {
            throw new InvalidConfigException("num_traces", "must be positive, got " + numTraces);
        }
        if (expectedNewTracesPerSec < 0) {
            throw new InvalidConfigException("expected_new_traces_per_sec", "must not be negative");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < policies.size(); i++) {
            if (!names.add(policies.get(i).name())) {
                throw new InvalidConfigException("policies." + i + ".name", "duplicate policy name '"
                        + policies.get(i).name() + "'");
            }
        }
    }

    public Acknowledgement acknowledgement() {
        return Acknowledgement.parse(acknowledge);
    }

    /** Checked when the pipeline is built, since the default config has no policies. */
    void requirePolicies() {
        if (policies.isEmpty()) {
            throw new InvalidConfigException("policies", "must list at least one policy");
        }
    }
}
