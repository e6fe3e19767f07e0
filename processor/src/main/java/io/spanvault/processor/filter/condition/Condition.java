package io.spanvault.processor.filter.condition;

/** A parsed boolean condition. Evaluation has no side effects and never fails. */
@FunctionalInterface
public interface Condition {
    boolean test(Item item);
}
