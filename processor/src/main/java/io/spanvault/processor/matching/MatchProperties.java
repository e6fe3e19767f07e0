package io.spanvault.processor.matching;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import java.util.Set;

/**
 * An {@code include} or {@code exclude} section, as the collector's {@code filterconfig.MatchProperties}:
 * every property that is set must match (services, span names and span kinds: any listed item;
 * attributes, resources and libraries: every listed item).
 */
public record MatchProperties(String matchType, List<String> services, List<String> spanNames,
        List<String> spanKinds, List<AttributeMatch> attributes, List<AttributeMatch> resources,
        List<LibraryMatch> libraries) {

    private static final Set<String> SPAN_KINDS = Set.of("SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL",
            "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER");

    public MatchProperties {
        services = services == null ? List.of() : List.copyOf(services);
        spanNames = spanNames == null ? List.of() : List.copyOf(spanNames);
        spanKinds = spanKinds == null ? List.of() : List.copyOf(spanKinds);
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        resources = resources == null ? List.of() : List.copyOf(resources);
        libraries = libraries == null ? List.of() : List.copyOf(libraries);
        MatchType type = MatchType.parse("match_type", matchType);
        if (services.isEmpty() && spanNames.isEmpty() && spanKinds.isEmpty() && attributes.isEmpty()
                && resources.isEmpty() && libraries.isEmpty()) {
            throw new InvalidConfigException("", "at least one of \"services\", \"span_names\", \"span_kinds\", "
                    + "\"attributes\", \"libraries\" or \"resources\" must be specified");
        }
        if (type == MatchType.STRICT) {
            for (String kind : spanKinds) {
                if (!SPAN_KINDS.contains(kind)) {
                    throw new InvalidConfigException("span_kinds", "'" + kind + "' is not a span kind; with "
                            + "match_type strict use one of " + new java.util.TreeSet<>(SPAN_KINDS));
                }
            }
        }
        PropertiesMatcher.validate(type, services, spanNames, spanKinds, attributes, resources, libraries);
    }

    public MatchType type() {
        return MatchType.parse("match_type", matchType);
    }

    /** Whether this section uses a property only spans have. */
    public boolean usesSpanOnlyProperties() {
        return !services.isEmpty() || !spanNames.isEmpty() || !spanKinds.isEmpty();
    }
}
