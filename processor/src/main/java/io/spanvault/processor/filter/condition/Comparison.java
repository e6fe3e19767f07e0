package io.spanvault.processor.filter.condition;

import com.google.protobuf.ByteString;
import java.util.Objects;

/** OTTL's comparison rules: numbers compare across int and double; other mixed types are only unequal. */
final class Comparison {
    private Comparison() {
    }

    static boolean compare(Object left, String op, Object right) {
        if (left == null || right == null) {
            boolean same = left == right;
            return switch (op) {
                case "==" -> same;
                case "!=" -> !same;
                default -> false;
            };
        }
        if (left instanceof Number a && right instanceof Number b) {
            int c = (a instanceof Long x && b instanceof Long y)
                    ? Long.compare(x, y) : Double.compare(a.doubleValue(), b.doubleValue());
            if ((a instanceof Double d1 && d1.isNaN()) || (b instanceof Double d2 && d2.isNaN())) {
                return op.equals("!=");
            }
            return ordered(c, op);
        }
        if (left instanceof String a && right instanceof String b) {
            return ordered(a.compareTo(b), op);
        }
        if (left instanceof ByteString a && right instanceof ByteString b) {
            return ordered(ByteString.unsignedLexicographicalComparator().compare(a, b), op);
        }
        if (left instanceof Boolean && right instanceof Boolean) {
            return switch (op) {
                case "==" -> left.equals(right);
                case "!=" -> !left.equals(right);
                default -> false;
            };
        }
        if (left.getClass() == right.getClass()) {
            return switch (op) {
                case "==" -> Objects.equals(left, right);
                case "!=" -> !Objects.equals(left, right);
                default -> false;
            };
        }
        return op.equals("!=");
    }

    private static boolean ordered(int c, String op) {
        return switch (op) {
            case "==" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalArgumentException(op);
        };
    }
}
