package io.spanvault.processor.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class GoRegexTest {

    @Test
    void goNamedGroupsWithUnderscoresAreKeptByPosition() {
        GoRegex regex = GoRegex.compile("^/api/(?P<api_version>v\\d+)/users/(?<user_id>\\d+)$");
        assertEquals(List.of("api_version", "user_id"), regex.groupNames());
        Matcher m = regex.pattern().matcher("/api/v2/users/42");
        assertTrue(m.find());
        assertEquals("v2", m.group(1));
        assertEquals("42", m.group(2));
    }

    @Test
    void unnamedGroupsAreNullAndNonCapturingGroupsAreSkipped() {
        GoRegex regex = GoRegex.compile("(a)(?:b)(?P<c>c)");
        assertEquals(Arrays.asList(null, "c"), regex.groupNames());
    }

    @Test
    void parenthesesInClassesAndEscapesAreNotGroups() {
        GoRegex regex = GoRegex.compile("[(]\\((?P<x>[^)]+)\\)");
        assertEquals(List.of("x"), regex.groupNames());
        assertTrue(regex.find("((abc)"));
    }

    @Test
    void matchesAnywhereLikeGoMatchString() {
        assertTrue(GoRegex.compile("health").find("/api/healthz"));
        assertFalse(GoRegex.compile("^health$").find("/api/healthz"));
    }

    @Test
    void invalidPatternNamesThePattern() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoRegex.compile("a(b"));
        assertTrue(e.getMessage().contains("'a(b'"), e.getMessage());
    }
}
