package io.spanvault.processor.tailsampling.policy;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The composite policy: the first sub-policy that votes to sample decides. Its trace is sampled if the
 * spans that sub-policy sampled this second, plus this trace's, stay within its allocation and within the
 * total; otherwise the trace is not sampled (later sub-policies are not asked), and the count is left as
 * it was so a smaller trace may still fit. Counts restart every wall-clock second.
 */
final class Composite implements Policy {

    static final class Sub {
        final Policy policy;
        final long allocated;
        long sampledThisSecond;

        Sub(Policy policy, long allocated) {
            this.policy = policy;
            this.allocated = allocated;
        }
    }

    private final List<Sub> subs;
    private final long maxTotal;
    private final LongSupplier currentSecond;
    private long second = Long.MIN_VALUE;

    Composite(List<Sub> subs, long maxTotal, LongSupplier currentSecond) {
        this.subs = subs;
        this.maxTotal = maxTotal;
        this.currentSecond = currentSecond;
    }

    @Override
    public Decision evaluate(TraceData trace) {
        long now = currentSecond.getAsLong();
        if (now != second) {
            second = now;
            subs.forEach(s -> s.sampledThisSecond = 0);
        }
        for (Sub sub : subs) {
            if (sub.policy.evaluate(trace).samples()) {
                long ifSampled = sub.sampledThisSecond + trace.spanCount();
                if (ifSampled <= sub.allocated && ifSampled <= maxTotal) {
                    sub.sampledThisSecond = ifSampled;
                    return Decision.SAMPLED;
                }
                return Decision.NOT_SAMPLED;
            }
        }
        return Decision.NOT_SAMPLED;
    }
}
