package io.spanvault.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
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
    void presetsListenOnLoopbackUnlessTheEnvironmentSaysOtherwise() throws Exception {
        for (String preset : Presets.names()) {
            assertTrue(endpoint(preset, Map.of()).startsWith("127.0.0.1:"), preset);
            assertTrue(endpoint(preset, Map.of("SPANVAULT_LISTEN_HOST", "0.0.0.0")).startsWith("0.0.0.0:"), preset);
        }
        assertEquals("127.0.0.1:4317", endpoint(Presets.DEFAULT, Map.of()));
    }

    /** The OTLP gRPC receiver's endpoint, or the query extension's for a preset without receivers. */
    private static String endpoint(String preset, Map<String, String> env) throws Exception {
        ProblemReporter problems = new ProblemReporter(new KeyOrigins());
        JsonNode tree = new EnvExpander(env::get, new ScalarParser())
                .expand(YamlTree.read(Presets.source(preset).yaml()), KeyPath.ROOT, problems);
        assertEquals(List.of(), problems.problems());
        JsonNode grpc = tree.at("/receivers/otlp/protocols/grpc/endpoint");
        return (grpc.isMissingNode() ? tree.at("/extensions/query/endpoint") : grpc).textValue();
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
