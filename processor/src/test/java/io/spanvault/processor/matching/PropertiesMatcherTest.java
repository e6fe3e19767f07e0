package io.spanvault.processor.matching;

import static io.spanvault.processor.matching.Spans.attr;
import static io.spanvault.processor.matching.Spans.resource;
import static io.spanvault.processor.matching.Spans.scope;
import static io.spanvault.processor.matching.Spans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropertiesMatcherTest {
    private static final Resource CHECKOUT = resource("checkout");
    private static final InstrumentationScope SCOPE = scope("io.opentelemetry.jdbc", "1.2.0");

    private static MatchProperties props(String type, List<String> services, List<String> names,
            List<String> kinds, List<AttributeMatch> attributes, List<AttributeMatch> resources,
            List<LibraryMatch> libraries) {
        return new MatchProperties(type, services, names, kinds, attributes, resources, libraries);
    }

    private static boolean matches(MatchProperties p, Resource r, Span s) {
        return PropertiesMatcher.compile(p).matchesSpan(r, SCOPE, s);
    }

    @Test
    void servicesStrictAndRegexp() {
        Span s = span("GET /", SpanKind.SPAN_KIND_SERVER);
        assertTrue(matches(props("strict", List.of("cart", "checkout"), null, null, null, null, null), CHECKOUT, s));
        assertFalse(matches(props("strict", List.of("check"), null, null, null, null, null), CHECKOUT, s));
        assertTrue(matches(props("regexp", List.of("check"), null, null, null, null, null), CHECKOUT, s),
                "regexp matches anywhere, as Go's MatchString");
        assertFalse(matches(props("regexp", List.of("^check$"), null, null, null, null, null), CHECKOUT, s));
    }

    @Test
    void missingServiceNameMatchesTheCollectorsPlaceholder() {
        MatchProperties p = props("strict", List.of("<nil-service-name>"), null, null, null, null, null);
        assertTrue(matches(p, Resource.getDefaultInstance(), span("x", SpanKind.SPAN_KIND_SERVER)));
    }

    @Test
    void spanNamesAndKinds() {
        Span s = span("GET /health", SpanKind.SPAN_KIND_CLIENT);
        assertTrue(matches(props("regexp", null, List.of("^GET /heal"), null, null, null, null), CHECKOUT, s));
        assertFalse(matches(props("strict", null, List.of("GET /"), null, null, null, null), CHECKOUT, s));
        assertTrue(matches(props("strict", null, null, List.of("SPAN_KIND_CLIENT"), null, null, null), CHECKOUT, s));
        assertFalse(matches(props("strict", null, null, List.of("SPAN_KIND_SERVER"), null, null, null), CHECKOUT, s));
        assertTrue(matches(props("regexp", null, null, List.of("CLIENT|SERVER"), null, null, null), CHECKOUT, s));
    }

    @Test
    void everyPropertyThatIsSetMustMatch() {
        Span s = span("GET /health", SpanKind.SPAN_KIND_CLIENT);
        assertFalse(matches(props("strict", List.of("checkout"), List.of("other"), null, null, null, null),
                CHECKOUT, s));
    }

    @Test
    void attributesStrictAreTypedAndAllRequired() {
        Span s = span("x", SpanKind.SPAN_KIND_SERVER, attr("http.status_code", 200), attr("env", "prod"));
        assertTrue(matches(props("strict", null, null, null,
                List.of(new AttributeMatch("http.status_code", 200), new AttributeMatch("env", null)), null, null),
                CHECKOUT, s));
        assertFalse(matches(props("strict", null, null, null,
                List.of(new AttributeMatch("http.status_code", "200")), null, null), CHECKOUT, s),
                "a string never equals an int under strict matching");
        assertFalse(matches(props("strict", null, null, null,
                List.of(new AttributeMatch("env", null), new AttributeMatch("missing", null)), null, null),
                CHECKOUT, s));
    }

    @Test
    void attributesRegexpReadScalarsAsText() {
        Span s = span("x", SpanKind.SPAN_KIND_SERVER, attr("http.status_code", 503));
        assertTrue(matches(props("regexp", null, null, null,
                List.of(new AttributeMatch("http.status_code", "^5\\d\\d$")), null, null), CHECKOUT, s));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> props("regexp", null, null,
                null, List.of(new AttributeMatch("http.status_code", 5)), null, null));
        assertEquals("attributes.0.value", e.key());
    }

    @Test
    void resourcesMustAllMatch() {
        Resource r = resource("checkout", attr("deployment.environment", "prod"));
        MatchProperties both = props("strict", null, null, null, null,
                List.of(new AttributeMatch("service.name", "checkout"),
                        new AttributeMatch("deployment.environment", "prod")), null);
        assertTrue(matches(both, r, span("x", SpanKind.SPAN_KIND_SERVER)));
        assertFalse(matches(both, CHECKOUT, span("x", SpanKind.SPAN_KIND_SERVER)));
    }

    @Test
    void librariesMatchNameAndOptionalVersion() {
        Span s = span("x", SpanKind.SPAN_KIND_SERVER);
        assertTrue(matches(props("strict", null, null, null, null, null,
                List.of(new LibraryMatch("io.opentelemetry.jdbc", null))), CHECKOUT, s));
        assertTrue(matches(props("strict", null, null, null, null, null,
                List.of(new LibraryMatch("io.opentelemetry.jdbc", "1.2.0"))), CHECKOUT, s));
        assertFalse(matches(props("strict", null, null, null, null, null,
                List.of(new LibraryMatch("io.opentelemetry.jdbc", ""))), CHECKOUT, s),
                "an empty version only matches a scope without version");
        assertTrue(matches(props("regexp", null, null, null, null, null,
                List.of(new LibraryMatch("jdbc", "^1\\."))), CHECKOUT, s));
    }

    @Test
    void invalidSectionsAreConfigErrors() {
        assertEquals("match_type", assertThrows(InvalidConfigException.class,
                () -> props(null, List.of("a"), null, null, null, null, null)).key());
        assertEquals("match_type", assertThrows(InvalidConfigException.class,
                () -> props("glob", List.of("a"), null, null, null, null, null)).key());
        assertThrows(InvalidConfigException.class, () -> props("strict", null, null, null, null, null, null));
        assertEquals("span_kinds", assertThrows(InvalidConfigException.class,
                () -> props("strict", null, null, List.of("client"), null, null, null)).key());
        assertEquals("span_names", assertThrows(InvalidConfigException.class,
                () -> props("regexp", null, List.of("a("), null, null, null, null)).key());
    }

    @Test
    void selectionIncludesThenExcludes() {
        MatchProperties include = props("strict", List.of("checkout"), null, null, null, null, null);
        MatchProperties exclude = props("strict", null, List.of("GET /health"), null, null, null, null);
        Selection selection = Selection.of(include, exclude);
        assertTrue(selection.selectsSpan(CHECKOUT, SCOPE, span("GET /cart", SpanKind.SPAN_KIND_SERVER)));
        assertFalse(selection.selectsSpan(CHECKOUT, SCOPE, span("GET /health", SpanKind.SPAN_KIND_SERVER)));
        assertFalse(selection.selectsSpan(resource("cart"), SCOPE, span("GET /cart", SpanKind.SPAN_KIND_SERVER)));
        assertTrue(Selection.of(null, null).selectsAll());
        assertThrows(InvalidConfigException.class, () -> Selection.ofRecords(include, null),
                "services do not exist on log records");
    }
}
