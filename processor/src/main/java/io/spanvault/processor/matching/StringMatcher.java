package io.spanvault.processor.matching;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A set of strings or patterns; a text matches when it matches any of them (the collector's filter set). */
public final class StringMatcher {
    private final Set<String> exact;
    private final List<GoRegex> patterns;

    private StringMatcher(Set<String> exact, List<GoRegex> patterns) {
        this.exact = exact;
        this.patterns = patterns;
    }

    /** Compiles the items; an invalid regular expression throws with a message naming it. */
    public static StringMatcher of(MatchType type, List<String> items) {
        if (type == MatchType.STRICT) {
            return new StringMatcher(Set.copyOf(items), List.of());
        }
        List<GoRegex> compiled = new ArrayList<>();
        for (String item : new LinkedHashSet<>(items)) {
            compiled.add(GoRegex.compile(item));
        }
        return new StringMatcher(Set.of(), List.copyOf(compiled));
    }

    public boolean matches(String text) {
        if (exact.contains(text)) {
            return true;
        }
        for (GoRegex p : patterns) {
            if (p.find(text)) {
                return true;
            }
        }
        return false;
    }
}
