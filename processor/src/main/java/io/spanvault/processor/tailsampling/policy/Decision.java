package io.spanvault.processor.tailsampling.policy;

/**
 * One policy's vote, as the collector's: the inverted votes come from {@code invert_match}; {@code DROPPED}
 * from a {@code drop} policy, and overrides every other vote.
 */
public enum Decision {
    NOT_SAMPLED,
    SAMPLED,
    INVERT_SAMPLED,
    INVERT_NOT_SAMPLED,
    DROPPED;

    public boolean samples() {
        return this == SAMPLED || this == INVERT_SAMPLED;
    }

    /** The {@code decision} label of the collector's metrics: sampled, not_sampled or dropped. */
    public String label() {
        return this == DROPPED ? "dropped" : samples() ? "sampled" : "not_sampled";
    }
}
