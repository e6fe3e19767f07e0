package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;

/** Reads an expanded value as YAML would read it unquoted ({@code 8192} a number, {@code true} a boolean). */
final class ScalarParser {
    private final YAMLMapper yaml;

    ScalarParser(YAMLMapper yaml) {
        this.yaml = yaml;
    }

    JsonNode parse(String text) {
        try {
            JsonNode node = yaml.readTree(text);
            // Only scalars: an expanded value must not smuggle structure ("a: b") into the document.
            return node != null && node.isValueNode() && !node.isNull() ? node : TextNode.valueOf(text);
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }
}
