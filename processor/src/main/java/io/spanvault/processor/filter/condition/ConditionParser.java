package io.spanvault.processor.filter.condition;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.spanvault.processor.matching.AnyValues;
import io.spanvault.processor.matching.GoRegex;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Parses the subset of OTTL conditions that filter configs mostly use (recursive descent):
 * <pre>
 * condition  := or
 * or         := and ("or" and)*
 * and        := unary ("and" unary)*
 * unary      := "not" unary | "(" or ")" | operand [op operand]     op: == != &lt; &lt;= &gt; &gt;=
 * operand    := string | number | true | false | nil | SPAN_KIND_* | STATUS_CODE_*
 *             | path ("[" (string | int) "]")* | IsMatch(operand, string)
 * </pre>
 * A bare operand must be {@code IsMatch(...)} or a boolean literal. Anything else (other functions,
 * arithmetic, unknown paths) is rejected with a message naming it, never ignored.
 */
public final class ConditionParser {
    private static final Map<String, Long> ENUMS = Map.ofEntries(
            Map.entry("SPAN_KIND_UNSPECIFIED", 0L), Map.entry("SPAN_KIND_INTERNAL", 1L),
            Map.entry("SPAN_KIND_SERVER", 2L), Map.entry("SPAN_KIND_CLIENT", 3L),
            Map.entry("SPAN_KIND_PRODUCER", 4L), Map.entry("SPAN_KIND_CONSUMER", 5L),
            Map.entry("STATUS_CODE_UNSET", 0L), Map.entry("STATUS_CODE_OK", 1L),
            Map.entry("STATUS_CODE_ERROR", 2L));

    /** An operand and whether it yields a boolean usable as a condition on its own. */
    private record Parsed(Operand operand, boolean isBoolean) {
    }

    private final List<Token> tokens;
    private final ConditionContext context;
    private int at;

    private ConditionParser(List<Token> tokens, ConditionContext context) {
        this.tokens = tokens;
        this.context = context;
    }

    /** Parses {@code text}; a {@link ConditionSyntaxException} says what is wrong or unsupported. */
    public static Condition parse(String text, ConditionContext context) {
        if (text == null || text.isBlank()) {
            throw new ConditionSyntaxException("empty condition");
        }
        ConditionParser parser = new ConditionParser(Tokenizer.tokenize(text), context);
        Condition condition = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Token.Kind.END) {
            throw new ConditionSyntaxException("unexpected '" + rest.text() + "' at position " + rest.position());
        }
        return condition;
    }

    private Condition or() {
        Condition left = and();
        while (peek().is(Token.Kind.IDENTIFIER, "or")) {
            at++;
            Condition a = left;
            Condition b = and();
            left = item -> a.test(item) || b.test(item);
        }
        return left;
    }

    private Condition and() {
        Condition left = unary();
        while (peek().is(Token.Kind.IDENTIFIER, "and")) {
            at++;
            Condition a = left;
            Condition b = unary();
            left = item -> a.test(item) && b.test(item);
        }
        return left;
    }

    private Condition unary() {
        Token t = peek();
        if (t.is(Token.Kind.IDENTIFIER, "not")) {
            at++;
            Condition inner = unary();
            return item -> !inner.test(item);
        }
        if (t.kind() == Token.Kind.LEFT_PAREN) {
            at++;
            Condition inner = or();
            expect(Token.Kind.RIGHT_PAREN, "')'");
            return inner;
        }
        Parsed left = operand();
        Token op = peek();
        if (op.kind() == Token.Kind.OPERATOR) {
            at++;
            Operand right = operand().operand();
            Operand l = left.operand();
            String symbol = op.text();
            return item -> Comparison.compare(l.value(item), symbol, right.value(item));
        }
        if (!left.isBoolean()) {
            throw new ConditionSyntaxException("expected a comparison (==, !=, <, <=, >, >=) after the value at "
                    + "position " + t.position());
        }
        Operand bool = left.operand();
        return item -> Boolean.TRUE.equals(bool.value(item));
    }

    private Parsed operand() {
        Token t = next();
        switch (t.kind()) {
            case STRING:
                return constant(t.text(), false);
            case NUMBER:
                return constant(number(t), false);
            case IDENTIFIER:
                break;
            default:
                throw new ConditionSyntaxException(t.kind() == Token.Kind.END ? "condition ends too early"
                        : "unexpected '" + t.text() + "' at position " + t.position());
        }
        switch (t.text()) {
            case "true":
                return constant(Boolean.TRUE, true);
            case "false":
                return constant(Boolean.FALSE, true);
            case "nil":
                return constant(null, false);
            case "and", "or", "not":
                throw new ConditionSyntaxException("unexpected '" + t.text() + "' at position " + t.position());
            default:
                break;
        }
        if (peek().kind() == Token.Kind.LEFT_PAREN) {
            return function(t);
        }
        if (Character.isUpperCase(t.text().charAt(0))) {
            Long value = ENUMS.get(t.text());
            if (value == null) {
                throw new ConditionSyntaxException("unknown enum '" + t.text() + "'");
            }
            return constant(value, false);
        }
        return new Parsed(path(t), false);
    }

    private static Parsed constant(Object value, boolean isBoolean) {
        return new Parsed(item -> value, isBoolean);
    }

    private Operand path(Token first) {
        List<String> names = new ArrayList<>();
        names.add(first.text());
        while (peek().kind() == Token.Kind.DOT) {
            at++;
            Token name = next();
            if (name.kind() != Token.Kind.IDENTIFIER) {
                throw new ConditionSyntaxException("expected a name after '.' at position " + name.position());
            }
            names.add(name.text());
        }
        List<Object> keys = new ArrayList<>();
        while (peek().kind() == Token.Kind.LEFT_BRACKET) {
            at++;
            Token key = next();
            if (key.kind() == Token.Kind.STRING) {
                keys.add(key.text());
            } else if (key.kind() == Token.Kind.NUMBER && number(key) instanceof Long n) {
                keys.add(n);
            } else {
                throw new ConditionSyntaxException("expected a string or integer key at position " + key.position());
            }
            expect(Token.Kind.RIGHT_BRACKET, "']'");
        }
        return Paths.resolve(context, names, keys);
    }

    private Parsed function(Token name) {
        if (!name.text().equals("IsMatch")) {
            throw new ConditionSyntaxException("unsupported function '" + name.text() + "' (supported: IsMatch)");
        }
        expect(Token.Kind.LEFT_PAREN, "'('");
        Operand target = operand().operand();
        expect(Token.Kind.COMMA, "','");
        Token pattern = next();
        if (pattern.kind() != Token.Kind.STRING) {
            throw new ConditionSyntaxException("IsMatch needs a string literal pattern at position "
                    + pattern.position());
        }
        GoRegex regex;
        try {
            regex = GoRegex.compile(pattern.text());
        } catch (IllegalArgumentException e) {
            throw new ConditionSyntaxException("IsMatch pattern " + e.getMessage());
        }
        expect(Token.Kind.RIGHT_PAREN, "')'");
        return new Parsed(item -> {
            String text = text(target.value(item));
            return text != null && regex.find(text);
        }, true);
    }

    /** A value as OTTL's IsMatch reads it as a string; null when there is no value. */
    private static String text(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Long n) {
            return AnyValues.scalarText(AnyValues.ofInt(n));
        }
        if (value instanceof Double d) {
            return AnyValues.scalarText(AnyValues.ofDouble(d));
        }
        if (value instanceof ByteString bytes) {
            return HexFormat.of().formatHex(bytes.toByteArray());
        }
        if (value instanceof AnyValue any) {
            return AnyValues.asString(any);
        }
        return String.valueOf(value);
    }

    private static Object number(Token t) {
        String s = t.text();
        try {
            if (s.contains(".") || s.contains("e") || s.contains("E")) {
                return Double.parseDouble(s);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ConditionSyntaxException("'" + s + "' at position " + t.position() + " is not a number");
        }
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Token.Kind.END) {
            at++;
        }
        return t;
    }

    private void expect(Token.Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw new ConditionSyntaxException("expected " + what + " at position " + t.position()
                    + (t.kind() == Token.Kind.END ? " (end of condition)" : ", found '" + t.text() + "'"));
        }
    }
}
