package io.spanvault.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The record binding that replaced Jackson databind: YAML's scalar coercions and one problem per bad key. */
class RecordBinderTest {
    record Scalars(int count, long total, Long big, double ratio, Boolean flag, boolean on, String name, Object any,
            List<Integer> sizes, Map<String, Duration> waits, @JsonProperty("default") String fallback) {
    }

    record Limits(Integer size) {
        Limits {
            if (size != null && size < 0) {
                throw new InvalidConfigException("size", "must not be negative, got " + size);
            }
        }
    }

    record Outer(Limits limits, String mode) {
    }

    private final ProblemReporter problems = new ProblemReporter(new KeyOrigins());

    private <C> Optional<C> bind(String yaml, Class<C> type) throws Exception {
        JsonNode tree = YamlTree.read(yaml);
        return new ComponentBinder().bind(tree, type, KeyPath.of("exporters", "x"), problems);
    }

    private Map<String, String> problemsByKey() {
        Map<String, String> out = new TreeMap<>();
        problems.problems().forEach(p -> out.put(p.key().toString(), p.message()));
        return out;
    }

    @Test
    void coercesScalarsAsYamlWritersExpect() throws Exception {
        Scalars bound = bind("""
                count: "12"
                total: 1_000
                big: 0x10
                ratio: 1
                flag: "TRUE"
                name: 123
                any: {a: [1, x, 2.5, true, null]}
                sizes: [1, 2]
                waits: {fast: 200ms, slow: 1h30m}
                default: none
                """, Scalars.class).orElseThrow();
        assertEquals(List.of(), problems.problems());
        assertEquals(12, bound.count());
        assertEquals(1000L, bound.total());
        assertEquals(16L, bound.big());
        assertEquals(1.0, bound.ratio());
        assertEquals(Boolean.TRUE, bound.flag());
        assertEquals(false, bound.on());
        assertEquals("123", bound.name());
        List<Object> list = new ArrayList<>();
        list.add(1);
        list.add("x");
        list.add(2.5);
        list.add(true);
        list.add(null);
        assertEquals(Map.of("a", list), bound.any());
        assertEquals(List.of(1, 2), bound.sizes());
        assertEquals(Map.of("fast", Duration.ofMillis(200), "slow", Duration.ofMinutes(90)), bound.waits());
        assertEquals("none", bound.fallback());
    }

    @Test
    void absentValuesAreNullAndPrimitivesZero() throws Exception {
        Scalars bound = bind("{}", Scalars.class).orElseThrow();
        assertEquals(0, bound.count());
        assertEquals(0L, bound.total());
        assertNull(bound.big());
        assertNull(bound.name());
        assertNull(bound.sizes());
    }

    @Test
    void reportsEveryBadValueWithItsKey() throws Exception {
        assertTrue(bind("""
                count: 1.5
                total: lots
                big: 99999999999999999999
                flag: maybe
                name: {a: 1}
                sizes: 3
                waits: {fast: soon}
                """, Scalars.class).isEmpty());
        Map<String, String> byKey = problemsByKey();
        assertEquals("expected an integer, got '1.5'", byKey.get("exporters.x.count"));
        assertEquals("expected an integer, got 'lots'", byKey.get("exporters.x.total"));
        assertEquals("'99999999999999999999' is out of range for an integer", byKey.get("exporters.x.big"));
        assertEquals("expected true or false, got 'maybe'", byKey.get("exporters.x.flag"));
        assertEquals("expected a string, got a map", byKey.get("exporters.x.name"));
        assertEquals("expected a list, got '3'", byKey.get("exporters.x.sizes"));
        assertTrue(byKey.get("exporters.x.waits.fast").contains("soon"), byKey.toString());
        assertEquals(7, byKey.size(), byKey.toString());
    }

    @Test
    void aNestedRecordsOwnValidationNamesItsKey() throws Exception {
        assertTrue(bind("limits: {size: -1}\nmode: [a]\n", Outer.class).isEmpty());
        assertEquals(Map.of("exporters.x.limits.size", "must not be negative, got -1",
                "exporters.x.mode", "expected a string, got a list"), problemsByKey());
    }

    @Test
    void yamlScalarsTakeTheTypesJacksonsYamlParserGave() throws Exception {
        JsonNode tree = YamlTree.read("""
                a: yes
                b: True
                c: ~
                d: 4317
                e: 5000000000
                f: 0.25
                g: "8192"
                h: 127.0.0.1:4317
                i: .inf
                """);
        assertEquals("yes", tree.get("a").textValue());
        assertTrue(tree.get("b").booleanValue());
        assertTrue(tree.get("c").isNull());
        assertEquals(4317, tree.get("d").intValue());
        assertTrue(tree.get("e").isLong());
        assertEquals(0.25, tree.get("f").doubleValue());
        assertEquals("8192", tree.get("g").textValue());
        assertEquals("127.0.0.1:4317", tree.get("h").textValue());
        assertEquals(Double.POSITIVE_INFINITY, tree.get("i").doubleValue());
    }

    @Test
    void duplicateKeysAndSyntaxErrorsSayWhere() {
        YamlTree.SyntaxError duplicate = assertThrows(YamlTree.SyntaxError.class, () -> YamlTree.read("a:\n  b: 1\n  b: 2\n"));
        assertEquals("Duplicate field 'b'", duplicate.getMessage());
        assertEquals(3, duplicate.line());
        YamlTree.SyntaxError syntax = assertThrows(YamlTree.SyntaxError.class, () -> YamlTree.read("a: [b\n"));
        assertEquals(1, syntax.line());
        assertTrue(syntax.getMessage().contains("flow sequence"), syntax.getMessage());
    }
}
