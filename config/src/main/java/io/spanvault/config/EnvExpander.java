package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands environment references in scalar values as the collector does: {@code ${env:VAR}},
 * {@code ${env:VAR:-default}}, the older {@code ${VAR}}, and {@code $$} for a literal {@code $}. Keys are
 * left alone. A value that is exactly one reference takes the YAML type of what it expands to, so
 * {@code port: ${env:PORT}} is a number.
 */
final class EnvExpander {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> env;
    private final ScalarParser scalars;

    EnvExpander(Function<String, String> env, ScalarParser scalars) {
        this.env = env;
        this.scalars = scalars;
    }

    /** Expands every string value below {@code node} in place; returns the (possibly replaced) node. */
    JsonNode expand(JsonNode node, KeyPath path, ProblemReporter problems) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(expand(field.getValue(), path.child(field.getKey()), problems));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, expand(array.get(i), path.child(Integer.toString(i)), problems));
            }
            return array;
        }
        if (node.isTextual() && node.textValue().indexOf('$') >= 0) {
            return expandText(node.textValue(), path, problems);
        }
        return node;
    }

    private JsonNode expandText(String text, KeyPath path, ProblemReporter problems) {
        StringBuilder out = new StringBuilder(text.length());
        int references = 0;
        boolean onlyReference = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 == text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (next != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = text.indexOf('}', i + 2);
            if (close < 0) {
                problems.error(path, "'" + text + "' has '${' without a closing '}'");
                return TextNode.valueOf(text);
            }
            String value = resolve(text.substring(i + 2, close), path, problems);
            if (value == null) {
                return TextNode.valueOf(text);
            }
            references++;
            onlyReference = i == 0 && close == text.length() - 1;
            out.append(value);
            i = close + 1;
        }
        String expanded = out.toString();
        if (references == 1 && onlyReference && !expanded.isEmpty()) {
            return scalars.parse(expanded);
        }
        return TextNode.valueOf(expanded);
    }

    /** The value of one reference (the text between the braces), or null after reporting an error. */
    private String resolve(String reference, KeyPath path, ProblemReporter problems) {
        String body = reference;
        int colon = body.indexOf(':');
        if (colon >= 0 && !body.startsWith(":-", colon)) {
            String scheme = body.substring(0, colon);
            if (!scheme.equals("env")) {
                problems.error(path, "'${" + reference + "}' uses config provider '" + scheme
                        + "'; only env is supported");
                return null;
            }
            body = body.substring(colon + 1);
        }
        String fallback = null;
        int dash = body.indexOf(":-");
        if (dash >= 0) {
            fallback = body.substring(dash + 2);
            body = body.substring(0, dash);
        }
        if (!NAME.matcher(body).matches()) {
            problems.error(path, "'${" + reference + "}' does not name an environment variable");
            return null;
        }
        String value = env.apply(body);
        if (value != null && !(value.isEmpty() && fallback != null)) {
            return value;
        }
        if (fallback != null) {
            return fallback;
        }
        problems.warning(path, "environment variable " + body + " is not set; using an empty value");
        return "";
    }
}
