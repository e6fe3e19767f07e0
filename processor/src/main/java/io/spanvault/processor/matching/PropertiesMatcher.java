package io.spanvault.processor.matching;

import io.spanvault.pipeline.otlp.Attributes;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;

/** A compiled {@link MatchProperties}: decides whether one span or log record matches the section. */
public final class PropertiesMatcher {
    private static final String MISSING_SERVICE = "<nil-service-name>";

    private record AttributeTest(String key, AnyValue exact, StringMatcher pattern) {
        boolean test(List<KeyValue> attributes) {
            AnyValue actual = Attributes.get(attributes, key);
            if (actual == null) {
                return false;
            }
            if (pattern != null) {
                return AnyValues.isScalar(actual) && pattern.matches(AnyValues.scalarText(actual));
            }
            return exact == null || AnyValues.sameValue(exact, actual);
        }
    }

    private record LibraryTest(StringMatcher name, StringMatcher version) {
    }

    private final StringMatcher services;
    private final StringMatcher spanNames;
    private final StringMatcher spanKinds;
    private final List<AttributeTest> attributes;
    private final List<AttributeTest> resources;
    private final List<LibraryTest> libraries;

    private PropertiesMatcher(MatchType type, List<String> serviceNames, List<String> names, List<String> kinds,
            List<AttributeMatch> attributeMatches, List<AttributeMatch> resourceMatches,
            List<LibraryMatch> libraryMatches) {
        services = serviceNames.isEmpty() ? null : strings(type, serviceNames, "services");
        spanNames = names.isEmpty() ? null : strings(type, names, "span_names");
        spanKinds = kinds.isEmpty() ? null : strings(type, kinds, "span_kinds");
        attributes = attributeTests(type, attributeMatches, "attributes");
        resources = attributeTests(type, resourceMatches, "resources");
        List<LibraryTest> libs = new ArrayList<>();
        for (int i = 0; i < libraryMatches.size(); i++) {
            LibraryMatch lib = libraryMatches.get(i);
            String key = "libraries." + i;
            libs.add(new LibraryTest(strings(type, List.of(lib.name()), key + ".name"),
                    lib.version() == null ? null : strings(type, List.of(lib.version()), key + ".version")));
        }
        libraries = List.copyOf(libs);
    }

    public static PropertiesMatcher compile(MatchProperties p) {
        return new PropertiesMatcher(p.type(), p.services(), p.spanNames(), p.spanKinds(), p.attributes(),
                p.resources(), p.libraries());
    }

    /** Compiles the parts of a section before the section's record exists, to validate it while it is bound. */
    static void validate(MatchType type, List<String> services, List<String> spanNames, List<String> spanKinds,
            List<AttributeMatch> attributes, List<AttributeMatch> resources, List<LibraryMatch> libraries) {
        new PropertiesMatcher(type, services, spanNames, spanKinds, attributes, resources, libraries);
    }

    private static StringMatcher strings(MatchType type, List<String> items, String key) {
        try {
            return StringMatcher.of(type, items);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key, e.getMessage());
        }
    }

    private static List<AttributeTest> attributeTests(MatchType type, List<AttributeMatch> items, String key) {
        List<AttributeTest> tests = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            AttributeMatch item = items.get(i);
            if (item.value() == null) {
                tests.add(new AttributeTest(item.key(), null, null));
                continue;
            }
            AnyValue value = AnyValues.fromConfig(item.value());
            if (type == MatchType.REGEXP) {
                if (value.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
                    throw new InvalidConfigException(key + "." + i + ".value", "match_type=regexp for \""
                            + item.key() + "\" only supports Str, but found " + value.getValueCase());
                }
                tests.add(new AttributeTest(item.key(), null,
                        strings(type, List.of(value.getStringValue()), key + "." + i + ".value")));
            } else {
                tests.add(new AttributeTest(item.key(), value, null));
            }
        }
        return List.copyOf(tests);
    }

    /** Whether the span, with its resource and scope, has every property of the section. */
    public boolean matchesSpan(Resource resource, InstrumentationScope scope, Span span) {
        if (services != null && !services.matches(serviceName(resource))) {
            return false;
        }
        if (spanNames != null && !spanNames.matches(span.getName())) {
            return false;
        }
        if (spanKinds != null && !spanKinds.matches(kindName(span.getKind()))) {
            return false;
        }
        return matchesCommon(resource, scope, span.getAttributesList());
    }

    /** Whether a log record (its attributes), with its resource and scope, has every property of the section. */
    public boolean matchesRecord(Resource resource, InstrumentationScope scope, List<KeyValue> recordAttributes) {
        return matchesCommon(resource, scope, recordAttributes);
    }

    private boolean matchesCommon(Resource resource, InstrumentationScope scope, List<KeyValue> itemAttributes) {
        for (LibraryTest lib : libraries) {
            if (!lib.name().matches(scope.getName())) {
                return false;
            }
            if (lib.version() != null && !lib.version().matches(scope.getVersion())) {
                return false;
            }
        }
        if (!resources.isEmpty() && !allMatch(resources, resource.getAttributesList())) {
            return false;
        }
        return allMatch(attributes, itemAttributes);
    }

    private static boolean allMatch(List<AttributeTest> tests, List<KeyValue> actual) {
        if (tests.isEmpty()) {
            return true;
        }
        if (actual.isEmpty()) {
            return false;
        }
        for (AttributeTest t : tests) {
            if (!t.test(actual)) {
                return false;
            }
        }
        return true;
    }

    private static String serviceName(Resource resource) {
        AnyValue name = Attributes.get(resource.getAttributesList(), "service.name");
        return name == null ? MISSING_SERVICE : AnyValues.asString(name);
    }

    /** The kind as the collector's span_kinds list spells it, e.g. {@code SPAN_KIND_CLIENT}. */
    static String kindName(Span.SpanKind kind) {
        return kind == Span.SpanKind.UNRECOGNIZED ? "" : kind.name();
    }
}
