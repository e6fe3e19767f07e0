package io.spanvault.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.graph.ServiceSpec;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns collector-shaped YAML into a {@link ServiceConfig}: reads each source, expands environment
 * references, merges the sources (later wins), binds every component's config to its factory's record and
 * checks the pipelines. Reports every problem found, not just the first.
 */
public final class ConfigLoader {
    private static final List<String> TOP_LEVEL_KEYS = List.of("receivers", "processors", "exporters", "connectors",
            "extensions", "service");

    private final ComponentRegistry registry;
    private final Function<String, String> env;
    private final ComponentBinder binder = new ComponentBinder();

    public ConfigLoader(ComponentRegistry registry) {
        this(registry, System::getenv);
    }

    /** A loader that reads environment variables from {@code env} (tests pass a map's {@code get}). */
    public ConfigLoader(ComponentRegistry registry, Function<String, String> env) {
        this.registry = registry;
        this.env = env;
    }

    /** The config of the sources merged in order; throws with every problem when any is an error. */
    public ServiceConfig load(List<ConfigSource> sources) throws ConfigException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no config sources");
        }
        KeyOrigins origins = new KeyOrigins();
        ProblemReporter problems = new ProblemReporter(origins);
        ObjectNode root = merge(sources, origins, problems);
        if (problems.hasErrors()) {
            throw new ConfigException(problems.problems());
        }
        checkTopLevel(root, problems);
        Map<ComponentKind, Map<ComponentId, ComponentSections.Defined>> defined =
                new ComponentSections(registry, binder).read(root, problems);
        ServiceSectionReader.Service service = new ServiceSectionReader(binder).read(root, defined, problems);
        if (problems.hasErrors()) {
            throw new ConfigException(problems.problems());
        }
        ServiceSpec spec = new ServiceSpec(configs(defined), service.extensions(), service.pipelines());
        return new ServiceConfig(spec, service.telemetry(), problems.problems());
    }

    private ObjectNode merge(List<ConfigSource> sources, KeyOrigins origins, ProblemReporter problems) {
        YamlDocumentReader reader = new YamlDocumentReader();
        EnvExpander expander = new EnvExpander(env, new ScalarParser());
        ConfigMerger merger = new ConfigMerger(origins);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (ConfigSource source : sources) {
            origins.set(KeyPath.ROOT, source.name());
            Optional<ObjectNode> document = reader.read(source, problems);
            if (document.isEmpty()) {
                continue;
            }
            merger.recordOrigins(document.get(), KeyPath.ROOT, source.name());
            expander.expand(document.get(), KeyPath.ROOT, problems);
            merger.merge(root, document.get());
        }
        return root;
    }

    private static void checkTopLevel(ObjectNode root, ProblemReporter problems) {
        root.fieldNames().forEachRemaining(key -> {
            if (!TOP_LEVEL_KEYS.contains(key)) {
                problems.error(KeyPath.of(key), "unknown key '" + key + "' (known: "
                        + String.join(", ", TOP_LEVEL_KEYS) + ")");
            }
        });
    }

    private static Map<ComponentKind, Map<ComponentId, Object>> configs(
            Map<ComponentKind, Map<ComponentId, ComponentSections.Defined>> defined) {
        Map<ComponentKind, Map<ComponentId, Object>> out = new EnumMap<>(ComponentKind.class);
        defined.forEach((kind, components) -> {
            Map<ComponentId, Object> configs = new LinkedHashMap<>();
            components.forEach((id, component) -> configs.put(id, component.config()));
            out.put(kind, configs);
        });
        return out;
    }

}
