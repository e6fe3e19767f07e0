package io.spanvault.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Optional;

/** Parses one config source into a tree; rejects syntax errors, duplicate keys and a top level that is no map. */
final class YamlDocumentReader {
    private final YAMLMapper yaml;

    YamlDocumentReader(YAMLMapper yaml) {
        this.yaml = yaml;
    }

    static YAMLMapper newMapper() {
        YAMLMapper mapper = new YAMLMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }

    /** The document's top-level map, or empty after reporting why it cannot be read. */
    Optional<ObjectNode> read(ConfigSource source, ProblemReporter problems) {
        JsonNode root;
        try {
            root = yaml.readTree(source.yaml());
        } catch (JsonProcessingException e) {
            problems.error(KeyPath.ROOT, "invalid YAML" + at(e.getLocation()) + ": " + e.getOriginalMessage());
            return Optional.empty();
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Optional.of(yaml.createObjectNode());
        }
        if (!root.isObject()) {
            problems.error(KeyPath.ROOT, "the document must be a map of sections (receivers, exporters, service, ...)");
            return Optional.empty();
        }
        return Optional.of((ObjectNode) root);
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
