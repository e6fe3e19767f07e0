package io.spanvault.processor.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.processor.matching.AnyValues;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeActionsTest {

    private static ActionConfig action(String action, String key, Object value) {
        return new ActionConfig(key, value, null, null, null, null, action);
    }

    private static AttributeMap map(Object... keysAndValues) {
        List<KeyValue> kvs = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            kvs.add(KeyValue.newBuilder().setKey((String) keysAndValues[i])
                    .setValue(AnyValues.fromConfig(keysAndValues[i + 1])).build());
        }
        return new AttributeMap(kvs);
    }

    private static AttributeMap apply(AttributeMap m, ActionConfig... actions) {
        AttributeActions.compile(List.of(actions)).apply(m);
        return m;
    }

    @Test
    void insertOnlyAddsMissingKeys() {
        AttributeMap m = apply(map("env", "dev"), action("insert", "env", "prod"), action("insert", "region", "eu"));
        assertEquals("dev", m.get("env").getStringValue());
        assertEquals("eu", m.get("region").getStringValue());
    }

    @Test
    void updateOnlyChangesPresentKeys() {
        AttributeMap m = apply(map("env", "dev"), action("update", "env", "prod"), action("update", "region", "eu"));
        assertEquals("prod", m.get("env").getStringValue());
        assertFalse(m.contains("region"));
    }

    @Test
    void upsertInsertsOrUpdatesKeepingPosition() {
        AttributeMap m = apply(map("a", 1, "env", "dev"), action("upsert", "env", 3), action("upsert", "b", true));
        assertEquals(List.of("a", "env", "b"), m.keys());
        assertEquals(3, m.get("env").getIntValue());
        assertTrue(m.get("b").getBoolValue());
    }

    @Test
    void valuesCanComeFromAnotherAttribute() {
        ActionConfig copy = new ActionConfig("peer", null, null, "net.peer.name", null, null, "upsert");
        assertEquals("db1", apply(map("net.peer.name", "db1"), copy).get("peer").getStringValue());
        AttributeMap untouched = apply(map("x", 1), copy);
        assertFalse(untouched.contains("peer"), "no source attribute, no action");
        assertFalse(untouched.changed());
    }

    @Test
    void deleteByKeyAndPattern() {
        ActionConfig delete = new ActionConfig("password", null, "^secret\\.", null, null, null, "delete");
        AttributeMap m = apply(map("password", "x", "secret.a", 1, "secret.b", 2, "keep", 3), delete);
        assertEquals(List.of("keep"), m.keys());
    }

    @Test
    void hashUsesSha256OfTheCollectorsByteForm() {
        AttributeMap m = apply(map("user", "hello", "n", 1, "d", 1.5, "b", true, "list", List.of(1)),
                action("hash", "user", null), action("hash", "n", null), action("hash", "d", null),
                action("hash", "b", null), action("hash", "list", null));
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", m.get("user").getStringValue());
        assertEquals("7c9fa136d4413fa6173637e883b6998d32e1d675f88cddff9dcbcf331820f4b8", m.get("n").getStringValue());
        assertEquals("e163f8cb0f7067a7fc78ca859a77f849aea3214f38fb75b884e4a16be725c905", m.get("d").getStringValue());
        assertEquals("4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a", m.get("b").getStringValue());
        assertEquals("", m.get("list").getStringValue(), "the collector hashes only scalars");
    }

    @Test
    void hashByPatternHashesTheKeyTwiceWhenItAlsoMatchesLikeTheCollector() {
        ActionConfig hash = new ActionConfig("user.email", null, "^user\\.", null, null, null, "hash");
        AttributeMap m = apply(map("user.email", "hello", "other", "x"), hash);
        assertEquals("d7914fe546b684688bb95f4f888a92dfc680603a75f23eb823658031fff766d9",
                m.get("user.email").getStringValue());
        assertEquals("x", m.get("other").getStringValue());
    }

    @Test
    void extractAddsNamedGroups() {
        ActionConfig extract = new ActionConfig("http.url", null,
                "^/api/(?P<api_version>v\\d+)/users/(?P<user_id>\\d+)(?P<rest>/x)?", null, null, null, "extract");
        AttributeMap m = apply(map("http.url", "/api/v1/users/42/profile"), extract);
        assertEquals("v1", m.get("api_version").getStringValue());
        assertEquals("42", m.get("user_id").getStringValue());
        assertEquals("", m.get("rest").getStringValue(), "an unmatched group gives an empty string, as in Go");
        assertFalse(apply(map("http.url", 42), extract).changed(), "only strings are extracted from");
        assertFalse(apply(map("http.url", "/other"), extract).changed());
    }

    @Test
    void convertBetweenIntDoubleAndString() {
        AttributeMap m = apply(map("a", "42", "b", 3.9, "c", true, "d", "x", "e", 7, "f", "2.5", "g", List.of(1)),
                convert("a", "int"), convert("b", "int"), convert("c", "double"), convert("d", "int"),
                convert("e", "string"), convert("f", "double"), convert("g", "string"));
        assertEquals(42, m.get("a").getIntValue());
        assertEquals(3, m.get("b").getIntValue());
        assertEquals(1.0, m.get("c").getDoubleValue());
        assertEquals("x", m.get("d").getStringValue(), "unconvertible values stay as they are");
        assertEquals("7", m.get("e").getStringValue());
        assertEquals(2.5, m.get("f").getDoubleValue());
        assertEquals("[1]", m.get("g").getStringValue());
        assertEquals(AnyValue.ValueCase.STRING_VALUE,
                apply(map("h", " 1.5"), convert("h", "double")).get("h").getValueCase());
    }

    private static ActionConfig convert(String key, String to) {
        return new ActionConfig(key, null, null, null, null, to, "convert");
    }

    @Test
    void actionsAreCaseInsensitive() {
        assertEquals("v", apply(map(), action("INSERT", "k", "v")).get("k").getStringValue());
    }

    @Test
    void invalidActionsAreConfigErrorsNamingTheField() {
        assertEquals("from_context", assertThrows(InvalidConfigException.class,
                () -> new ActionConfig("k", null, null, null, "metadata.x", null, "insert")).key());
        assertEquals("action", assertThrows(InvalidConfigException.class, () -> action("rename", "k", "v")).key());
        assertEquals("action", assertThrows(InvalidConfigException.class, () -> action(null, "k", "v")).key());
        assertEquals("key", assertThrows(InvalidConfigException.class, () -> action("insert", null, "v")).key());
        assertEquals("value", assertThrows(InvalidConfigException.class, () -> action("upsert", "k", null)).key());
        assertEquals("from_attribute", assertThrows(InvalidConfigException.class,
                () -> new ActionConfig("k", "v", null, "other", null, null, "upsert")).key());
        assertEquals("key", assertThrows(InvalidConfigException.class, () -> action("delete", null, null)).key());
        assertEquals("value", assertThrows(InvalidConfigException.class, () -> action("hash", "k", "v")).key());
        assertEquals("pattern", assertThrows(InvalidConfigException.class,
                () -> new ActionConfig("k", null, "(\\d+)", null, null, null, "extract")).key());
        assertEquals("pattern", assertThrows(InvalidConfigException.class,
                () -> new ActionConfig("k", null, "(?P<a>x", null, null, null, "extract")).key());
        assertEquals("converted_type", assertThrows(InvalidConfigException.class, () -> convert("k", "bool")).key());
        assertEquals("converted_type", assertThrows(InvalidConfigException.class,
                () -> new ActionConfig("k", "v", null, null, null, "int", "insert")).key());
    }
}
