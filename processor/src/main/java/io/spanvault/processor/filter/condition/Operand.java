package io.spanvault.processor.filter.condition;

/**
 * A value in a condition: a literal or a path. Values are what OTTL compares: String, Long, Double, Boolean,
 * ByteString, an AnyValue for maps and arrays, or null for a missing attribute.
 */
@FunctionalInterface
interface Operand {
    Object value(Item item);
}
