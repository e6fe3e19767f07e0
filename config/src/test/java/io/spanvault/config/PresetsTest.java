package io.spanvault.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PresetsTest {

    @Test
    void findsThePresetByItsFileName() throws Exception {
        ConfigSource source = Presets.source(Presets.DEFAULT);
        assertEquals("preset all-in-one", source.name());
        assertTrue(source.yaml().contains("receivers:"));
        assertTrue(Presets.names().contains("all-in-one"));
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        List<ConfigProblem> problems = assertThrows(ConfigException.class, () -> Presets.source("everything")).problems();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).toString().startsWith("error: preset everything: no such preset (known: "),
                problems.toString());
        assertTrue(problems.get(0).message().contains("all-in-one"), problems.toString());
        assertThrows(ConfigException.class, () -> Presets.source("../presets/all-in-one"));
    }
}
