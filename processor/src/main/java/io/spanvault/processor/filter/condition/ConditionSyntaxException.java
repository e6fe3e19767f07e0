package io.spanvault.processor.filter.condition;

/** A condition that is not valid, or uses OTTL that this subset does not support. */
public final class ConditionSyntaxException extends IllegalArgumentException {
    public ConditionSyntaxException(String message) {
        super(message);
    }
}
