package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML into Jackson's tree nodes with SnakeYAML's composer, typing plain scalars as Jackson's YAML
 * parser did (integers in any YAML base, floats, {@code true}/{@code false} in three spellings, {@code null};
 * {@code yes}/{@code on} stay text). It spares the start-up Jackson's {@code ObjectMapper}, whose set-up alone
 * was a tenth of the server's main-thread CPU. Only the first document of a stream is read; a key given twice
 * in one map is an error.
 */
final class YamlTree {
    private static final Resolver RESOLVER = new Resolver();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A document that is not YAML, with where (1-based; -1 when unknown). */
    static final class SyntaxError extends Exception {
        private final int line;
        private final int column;

        SyntaxError(String message, Mark mark) {
            super(message, null, false, false);
            this.line = mark == null ? -1 : mark.getLine() + 1;
            this.column = mark == null ? -1 : mark.getColumn() + 1;
        }

        int line() {
            return line;
        }

        int column() {
            return column;
        }
    }

    private YamlTree() {
    }

    /** The first document's tree, or null when the text holds none. */
    static JsonNode read(String text) throws SyntaxError {
        LoaderOptions options = new LoaderOptions();
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), RESOLVER, options);
            return composer.checkNode() ? node(composer.getNode()) : null;
        } catch (MarkedYAMLException e) {
            throw syntaxError(e);
        } catch (YAMLException e) {
            throw new SyntaxError(String.valueOf(e.getMessage()), null);
        }
    }

    /**
     * Where the construct began that the error is in ({@code while parsing a flow sequence}), which is where
     * the author must look, and where the parser gave up, which may be the end of the file.
     */
    private static SyntaxError syntaxError(MarkedYAMLException e) {
        Mark problemAt = e.getProblemMark();
        if (e.getContext() == null || e.getContextMark() == null) {
            return new SyntaxError(String.valueOf(e.getProblem()), problemAt);
        }
        String gaveUp = problemAt == null ? ""
                : " (line " + (problemAt.getLine() + 1) + ", column " + (problemAt.getColumn() + 1) + ")";
        return new SyntaxError(e.getContext() + ", " + e.getProblem() + gaveUp, e.getContextMark());
    }

    private static JsonNode node(Node node) throws SyntaxError {
        if (node instanceof MappingNode mapping) {
            ObjectNode object = NODES.objectNode();
            for (NodeTuple entry : mapping.getValue()) {
                if (!(entry.getKeyNode() instanceof ScalarNode key)) {
                    throw new SyntaxError("a key must be a plain value, not a map or a list", entry.getKeyNode().getStartMark());
                }
                if (object.has(key.getValue())) {
                    throw new SyntaxError("Duplicate field '" + key.getValue() + "'", key.getStartMark());
                }
                object.set(key.getValue(), node(entry.getValueNode()));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode(sequence.getValue().size());
            for (Node element : sequence.getValue()) {
                array.add(node(element));
            }
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        return scalar(scalar.getValue(), scalar.getTag());
    }

    private static JsonNode scalar(String value, Tag tag) {
        if (Tag.NULL.equals(tag)) {
            return NODES.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return switch (value) {
                case "true", "True", "TRUE" -> NODES.booleanNode(true);
                case "false", "False", "FALSE" -> NODES.booleanNode(false);
                default -> NODES.textNode(value);
            };
        }
        if (Tag.INT.equals(tag)) {
            BigInteger number = integer(value.replace("_", ""));
            if (number == null) {
                return NODES.textNode(value);
            }
            if (number.bitLength() < 32) {
                return NODES.numberNode(number.intValue());
            }
            return number.bitLength() < 64 ? NODES.numberNode(number.longValue()) : NODES.numberNode(number);
        }
        if (Tag.FLOAT.equals(tag)) {
            return floating(value.replace("_", ""), value);
        }
        return NODES.textNode(value);
    }

    /** YAML 1.1 integers: decimal, {@code 0x} hex, {@code 0b} binary, a leading 0 octal; null for anything else. */
    private static BigInteger integer(String text) {
        boolean negative = text.startsWith("-");
        String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        int radix = 10;
        if (digits.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.startsWith("0b")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        try {
            BigInteger number = new BigInteger(digits, radix);
            return negative ? number.negate() : number;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode floating(String text, String written) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".inf")) {
            return NODES.numberNode(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (lower.equals(".nan")) {
            return NODES.numberNode(Double.NaN);
        }
        try {
            return NODES.numberNode(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return NODES.textNode(written);
        }
    }
}
