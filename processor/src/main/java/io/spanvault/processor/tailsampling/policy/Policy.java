package io.spanvault.processor.tailsampling.policy;

/**
 * A sampling policy: a vote on a whole trace. Evaluation runs under the processor's lock, one trace at a
 * time, so stateful policies (rate limits) need no locking of their own.
 */
@FunctionalInterface
public interface Policy {
    Decision evaluate(TraceData trace);
}
