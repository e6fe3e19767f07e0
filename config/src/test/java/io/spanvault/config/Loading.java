package io.spanvault.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads YAML documents named a.yaml, b.yaml, ... with the test components and a fixed environment. */
final class Loading {
    private Loading() {
    }

    static ServiceConfig load(Map<String, String> env, String... documents) throws ConfigException {
        return new ConfigLoader(TestComponents.registry(), env::get).load(sources(documents));
    }

    static ServiceConfig load(String... documents) throws ConfigException {
        return load(Map.of(), documents);
    }

    /** The problems of a config that must fail to load. */
    static List<ConfigProblem> problems(String... documents) {
        return assertThrows(ConfigException.class, () -> load(documents)).problems();
    }

    static List<ConfigSource> sources(String... documents) {
        List<ConfigSource> sources = new ArrayList<>();
        for (int i = 0; i < documents.length; i++) {
            sources.add(new ConfigSource((char) ('a' + i) + ".yaml", documents[i]));
        }
        return sources;
    }

    /** A minimal valid pipeline to append to a document under test. */
    static final String PIPELINE = """
            service:
              pipelines:
                traces:
                  receivers: [otlp]
                  exporters: [debug]
            """;

    static final String COMPONENTS = """
            receivers:
              otlp:
                protocols:
                  grpc:
            exporters:
              debug:
            """;
}
