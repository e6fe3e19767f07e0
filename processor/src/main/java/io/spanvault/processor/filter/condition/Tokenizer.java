package io.spanvault.processor.filter.condition;

import java.util.ArrayList;
import java.util.List;

/** Splits a condition into tokens: identifiers, double-quoted strings with escapes, numbers, operators. */
final class Tokenizer {
    private Tokenizer() {
    }

    static List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                i = string(text, i, out);
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < text.length()
                    && Character.isDigit(text.charAt(i + 1)) && !endsValue(out))) {
                int start = i++;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.'
                        || ((text.charAt(i) == '-' || text.charAt(i) == '+')
                        && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E')))) {
                    i++;
                }
                out.add(new Token(Token.Kind.NUMBER, text.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Token.Kind.IDENTIFIER, text.substring(start, i), start));
            } else if (text.startsWith("==", i) || text.startsWith("!=", i) || text.startsWith("<=", i)
                    || text.startsWith(">=", i)) {
                out.add(new Token(Token.Kind.OPERATOR, text.substring(i, i + 2), i));
                i += 2;
            } else if (c == '<' || c == '>') {
                out.add(new Token(Token.Kind.OPERATOR, String.valueOf(c), i++));
            } else if (c == '(') {
                out.add(new Token(Token.Kind.LEFT_PAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Token.Kind.RIGHT_PAREN, ")", i++));
            } else if (c == '[') {
                out.add(new Token(Token.Kind.LEFT_BRACKET, "[", i++));
            } else if (c == ']') {
                out.add(new Token(Token.Kind.RIGHT_BRACKET, "]", i++));
            } else if (c == '.') {
                out.add(new Token(Token.Kind.DOT, ".", i++));
            } else if (c == ',') {
                out.add(new Token(Token.Kind.COMMA, ",", i++));
            } else {
                throw new ConditionSyntaxException("unexpected '" + c + "' at position " + i);
            }
        }
        out.add(new Token(Token.Kind.END, "", text.length()));
        return out;
    }

    /** Whether the last token ends a value, so that a following '-' would be subtraction (unsupported). */
    private static boolean endsValue(List<Token> tokens) {
        if (tokens.isEmpty()) {
            return false;
        }
        Token.Kind k = tokens.get(tokens.size() - 1).kind();
        return k == Token.Kind.IDENTIFIER || k == Token.Kind.NUMBER || k == Token.Kind.STRING
                || k == Token.Kind.RIGHT_PAREN || k == Token.Kind.RIGHT_BRACKET;
    }

    private static int string(String text, int start, List<Token> out) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                out.add(new Token(Token.Kind.STRING, value.toString(), start));
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(i + 1);
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case '"', '\\' -> value.append(e);
                    // Regular expressions keep their escapes: "\d" stays backslash-d.
                    default -> value.append('\\').append(e);
                }
                i += 2;
                continue;
            }
            value.append(c);
            i++;
        }
        throw new ConditionSyntaxException("string starting at position " + start + " is not closed");
    }
}
