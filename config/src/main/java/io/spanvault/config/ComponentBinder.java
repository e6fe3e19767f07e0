package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a config section to its record: snake_case keys, unknown keys rejected, Go durations and endpoints
 * read from text ({@link RecordShape}, then {@link RecordBinder}). Every failure becomes a problem naming the
 * full key path.
 */
final class ComponentBinder {
    /** Retries after dropping a bad key are bounded, in case a record keeps failing on keys it cannot name. */
    private static final int MAX_ATTEMPTS = 32;

    private final RecordBinder records = new RecordBinder(new JacksonFallback());

    /**
     * The record bound from {@code node} (a missing or empty section gives all defaults), or empty after
     * reporting. Binding stops at the first bad value, so after each failure the key is dropped and binding
     * retried, to report every bad value of the section at once.
     */
    <C> Optional<C> bind(JsonNode node, Class<C> type, KeyPath at, ProblemReporter problems) {
        JsonNode section = node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node.deepCopy();
        boolean clean = RecordShape.fit(section, type, at, problems);
        Set<String> reported = new HashSet<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            RecordBinder.Failure failure;
            try {
                C bound = type.cast(records.bind(section, type, at, at));
                return clean && reported.isEmpty() ? Optional.of(bound) : Optional.empty();
            } catch (RecordBinder.Failure e) {
                failure = e;
            }
            if (!reported.add(failure.key() + ": " + failure.getMessage())) {
                break;
            }
            problems.error(failure.key(), failure.getMessage());
            if (!remove(section, at, failure.key())) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Drops the key at {@code key} (below the section at {@code at}); false when there is nothing to drop. */
    private static boolean remove(JsonNode section, KeyPath at, KeyPath key) {
        List<String> segments = key.segments();
        if (segments.size() <= at.segments().size()) {
            return false;
        }
        JsonNode parent = section;
        for (int i = at.segments().size(); i < segments.size() - 1 && parent != null; i++) {
            parent = parent.isArray() ? parent.get(index(segments.get(i))) : parent.get(segments.get(i));
        }
        String last = segments.get(segments.size() - 1);
        if (parent instanceof ObjectNode object && object.has(last)) {
            object.remove(last);
            return true;
        }
        if (parent instanceof ArrayNode array && index(last) >= 0 && index(last) < array.size()) {
            array.remove(index(last));
            return true;
        }
        return false;
    }

    private static int index(String segment) {
        try {
            return Integer.parseInt(segment);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
