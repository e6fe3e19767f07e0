package io.spanvault.processor.filter.condition;

/** One lexical unit of a condition; {@code position} is its offset, for error messages. */
record Token(Kind kind, String text, int position) {

    enum Kind {
        IDENTIFIER, STRING, NUMBER, OPERATOR, LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, DOT, COMMA, END
    }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }
}
