package io.spanvault.processor.matching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for the Go collector (RE2 syntax), compiled for Java. Collector configs
 * name groups {@code (?P<name>...)} with names Java rejects ({@code user_id}), so every named group is
 * renamed to a synthetic Java name and the Go names are kept by group position.
 */
public final class GoRegex {
    private final String source;
    private final Pattern pattern;
    private final List<String> groupNames;

    private GoRegex(String source, Pattern pattern, List<String> groupNames) {
        this.source = source;
        this.pattern = pattern;
        this.groupNames = groupNames;
    }

    /** Compiles {@code regex}; the exception's message says what is wrong with it. */
    public static GoRegex compile(String regex) {
        StringBuilder java = new StringBuilder(regex.length() + 8);
        List<String> names = new ArrayList<>();
        int i = 0;
        boolean inClass = false;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                java.append(c).append(regex.charAt(i + 1));
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                java.append(c);
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                java.append(c);
                i++;
                // A ']' right after '[' or '[^' is a literal member of the class.
                if (i < regex.length() && regex.charAt(i) == '^') {
                    java.append('^');
                    i++;
                }
                if (i < regex.length() && regex.charAt(i) == ']') {
                    java.append(']');
                    i++;
                }
                continue;
            }
            if (c == '(') {
                int nameStart = namedGroupStart(regex, i);
                if (nameStart > 0) {
                    int close = regex.indexOf('>', nameStart);
                    if (close < 0) {
                        throw new IllegalArgumentException("'" + regex + "': group name is not closed with '>'");
                    }
                    String name = regex.substring(nameStart, close);
                    if (name.isEmpty() || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                        throw new IllegalArgumentException("'" + regex + "': invalid group name '" + name + "'");
                    }
                    java.append("(?<g").append(names.size()).append("x>");
                    names.add(name);
                    i = close + 1;
                    continue;
                }
                if (i + 1 >= regex.length() || regex.charAt(i + 1) != '?') {
                    names.add(null);
                }
            }
            java.append(c);
            i++;
        }
        try {
            return new GoRegex(regex, Pattern.compile(java.toString()), Collections.unmodifiableList(names));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + regex + "' is not a valid regular expression: "
                    + e.getDescription());
        }
    }

    /** The index just after {@code (?P<} or {@code (?<} (not a look-behind) at {@code at}, or -1. */
    private static int namedGroupStart(String regex, int at) {
        if (regex.startsWith("(?P<", at)) {
            return at + 4;
        }
        if (regex.startsWith("(?<", at) && !regex.startsWith("(?<=", at) && !regex.startsWith("(?<!", at)) {
            return at + 3;
        }
        return -1;
    }

    /** Whether the pattern matches anywhere in {@code text}, as Go's {@code MatchString} (not anchored). */
    public boolean find(CharSequence text) {
        return pattern.matcher(text).find();
    }

    public Pattern pattern() {
        return pattern;
    }

    /** The capturing groups in order: the Go name of each, or null for an unnamed group. */
    public List<String> groupNames() {
        return groupNames;
    }

    @Override
    public String toString() {
        return source;
    }
}
