package io.spanvault.processor.tailsampling;

import io.spanvault.processor.tailsampling.policy.Decision;
import java.util.EnumSet;
import java.util.Set;

/**
 * The collector's rule for combining the policies' votes: a drop wins, then an inverted not-sampled, then a
 * sample, then an inverted sample when no policy voted not sampled; anything else is not sampled.
 */
final class FinalDecision {
    private FinalDecision() {
    }

    static Decision of(Set<Decision> votes) {
        if (votes.contains(Decision.DROPPED)) {
            return Decision.DROPPED;
        }
        if (votes.contains(Decision.INVERT_NOT_SAMPLED)) {
            return Decision.NOT_SAMPLED;
        }
        if (votes.contains(Decision.SAMPLED)) {
            return Decision.SAMPLED;
        }
        if (votes.contains(Decision.INVERT_SAMPLED) && !votes.contains(Decision.NOT_SAMPLED)) {
            return Decision.SAMPLED;
        }
        return Decision.NOT_SAMPLED;
    }

    static Set<Decision> votes() {
        return EnumSet.noneOf(Decision.class);
    }
}
