package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Reads an expanded value as YAML would read it unquoted ({@code 8192} a number, {@code true} a boolean). */
final class ScalarParser {

    JsonNode parse(String text) {
        try {
            JsonNode node = YamlTree.read(text);
            // Only scalars: an expanded value must not smuggle structure ("a: b") into the document.
            return node != null && node.isValueNode() && !node.isNull() ? node : TextNode.valueOf(text);
        } catch (YamlTree.SyntaxError e) {
            return TextNode.valueOf(text);
        }
    }
}
