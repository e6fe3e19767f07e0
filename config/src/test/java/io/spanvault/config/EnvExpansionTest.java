package io.spanvault.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.config.Endpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvExpansionTest {
    private static final Map<String, String> ENV = Map.of("HOST", "10.0.0.1", "PORT", "9000", "EMPTY", "",
            "FLAG", "true");

    private JsonNode expand(String document, ProblemReporter problems) throws Exception {
        ObjectNode root = (ObjectNode) YamlTree.read(document);
        return new EnvExpander(ENV::get, new ScalarParser()).expand(root, KeyPath.ROOT, problems);
    }

    private JsonNode expand(String document) throws Exception {
        ProblemReporter problems = new ProblemReporter(new KeyOrigins());
        JsonNode node = expand(document, problems);
        assertEquals(List.of(), problems.problems());
        return node;
    }

    @Test
    void expandsEnvReferencesInAllSpellings() throws Exception {
        JsonNode node = expand("""
                a: ${env:HOST}:${env:PORT}
                b: ${HOST}
                c: ${env:MISSING:-fallback}
                d: ${env:EMPTY:-used when empty}
                e: x-${env:HOST}-y
                """);
        assertEquals("10.0.0.1:9000", node.get("a").textValue());
        assertEquals("10.0.0.1", node.get("b").textValue());
        assertEquals("fallback", node.get("c").textValue());
        assertEquals("used when empty", node.get("d").textValue());
        assertEquals("x-10.0.0.1-y", node.get("e").textValue());
    }

    @Test
    void doubleDollarIsALiteralDollar() throws Exception {
        JsonNode node = expand("""
                a: $${env:HOST}
                b: cost $$5 and $7
                """);
        assertEquals("${env:HOST}", node.get("a").textValue());
        assertEquals("cost $5 and $7", node.get("b").textValue());
    }

    @Test
    void aWholeValueReferenceTakesTheTypeOfItsValue() throws Exception {
        JsonNode node = expand("""
                port: ${env:PORT}
                flag: ${env:FLAG}
                quoted: "${env:PORT}"
                list:
                  - ${env:PORT}
                  - "${env:HOST}"
                """);
        assertTrue(node.get("port").isInt());
        assertTrue(node.get("flag").isBoolean());
        assertTrue(node.get("quoted").isInt());
        assertEquals(9000, node.get("list").get(0).intValue());
        assertEquals("10.0.0.1", node.get("list").get(1).textValue());
    }

    @Test
    void keysAreNotExpanded() throws Exception {
        assertTrue(expand("${env:HOST}: 1\n").has("${env:HOST}"));
    }

    @Test
    void unsetVariableIsEmptyWithAWarningNamingTheKey() throws Exception {
        ProblemReporter problems = new ProblemReporter(new KeyOrigins());
        JsonNode node = expand("a:\n  b: x${env:NOPE}y\n", problems);
        assertEquals("xy", node.get("a").get("b").textValue());
        assertEquals(List.of("warning: config: a.b: environment variable NOPE is not set; using an empty value"),
                problems.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void malformedReferencesAreErrors() throws Exception {
        ProblemReporter problems = new ProblemReporter(new KeyOrigins());
        expand("""
                a: ${env:HOST
                b: ${file:/etc/passwd}
                c: ${env:not-a-name}
                """, problems);
        List<String> lines = problems.problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(List.of("error: config: a: '${env:HOST' has '${' without a closing '}'",
                "error: config: b: '${file:/etc/passwd}' uses config provider 'file'; only env is supported",
                "error: config: c: '${env:not-a-name}' does not name an environment variable"), lines);
    }

    @Test
    void expandedValuesBindToComponentConfigs() throws Exception {
        ServiceConfig loaded = Loading.load(ENV, """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: ${env:HOST}:${env:PORT}
                        max_recv_msg_size_mib: ${env:PORT}
                exporters:
                  debug:
                """ + Loading.PIPELINE);
        TestComponents.Grpc grpc = ((TestComponents.OtlpConfig) loaded.spec()
                .config(ComponentKind.RECEIVER, ComponentId.parse("otlp"))).protocols().grpc();
        assertEquals(new Endpoint("10.0.0.1", 9000), grpc.endpoint());
        assertEquals(9000, grpc.maxRecvMsgSizeMib());
    }
}
