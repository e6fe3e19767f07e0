package io.spanvault.processor.filter.condition;

/** Which OTTL context a condition is written in; it decides what its paths mean. */
public enum ConditionContext {
    /** {@code traces.span}: paths name the span ({@code name}, {@code attributes[...]}, ...). */
    SPAN,
    /** {@code traces.spanevent}: paths name the event; {@code span.*} names the span holding it. */
    SPANEVENT
}
