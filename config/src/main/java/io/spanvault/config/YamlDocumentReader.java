package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Parses one config source into a tree; rejects syntax errors, duplicate keys and a top level that is no map. */
final class YamlDocumentReader {

    /** The document's top-level map, or empty after reporting why it cannot be read. */
    Optional<ObjectNode> read(ConfigSource source, ProblemReporter problems) {
        JsonNode root;
        try {
            root = YamlTree.read(source.yaml());
        } catch (YamlTree.SyntaxError e) {
            String at = e.line() < 0 ? "" : " at line " + e.line() + ", column " + e.column();
            problems.error(KeyPath.ROOT, "invalid YAML" + at + ": " + e.getMessage());
            return Optional.empty();
        }
        if (root == null || root.isNull()) {
            return Optional.of(JsonNodeFactory.instance.objectNode());
        }
        if (!root.isObject()) {
            problems.error(KeyPath.ROOT, "the document must be a map of sections (receivers, exporters, service, ...)");
            return Optional.empty();
        }
        return Optional.of((ObjectNode) root);
    }
}
