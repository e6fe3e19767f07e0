package io.spanvault.storage.chronicle;

import java.io.IOException;

/**
 * The chunks of one lane that every condition of a search lists, newest write first: a leapfrog
 * intersection of the conditions' {@link Postings}, so its cost follows the shortest list rather than the
 * lane's size.
 */
final class ChunkCandidates {
    private final Postings[] conditions;
    private boolean started;

    ChunkCandidates(Postings[] conditions) {
        this.conditions = conditions;
    }

    /** The index offset of the next candidate, or {@link Postings#END}. */
    long next() throws IOException {
        if (started) {
            conditions[0].advance();
        }
        started = true;
        long target = conditions[0].current();
        int agreeing = 1;
        int i = 1 % conditions.length;
        while (target != Postings.END && agreeing < conditions.length) {
            Postings p = conditions[i];
            p.advanceTo(target);
            long at = p.current();
            if (at == target) {
                agreeing++;
            } else {
                target = at;
                agreeing = 1;
            }
            i = (i + 1) % conditions.length;
        }
        if (target != Postings.END) {
            // every condition stands at target; the first one leads the next round
            conditions[0].advanceTo(target);
        }
        return target;
    }

    /** The latest start any candidate not yet returned can have; {@link Long#MIN_VALUE} when none is left. */
    long bound() {
        long bound = Long.MAX_VALUE;
        for (Postings p : conditions) {
            bound = Math.min(bound, p.bound());
        }
        return bound;
    }
}
