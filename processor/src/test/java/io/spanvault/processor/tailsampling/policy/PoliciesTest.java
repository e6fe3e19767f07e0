package io.spanvault.processor.tailsampling.policy;

import static io.spanvault.processor.tailsampling.policy.TestTrace.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every policy type's vote, as the collector's policy evaluators give it. */
class PoliciesTest {
    private final AtomicLong second = new AtomicLong(100);

    private Policy policy(String type, Object section) {
        PolicyConfig c = new PolicyConfig("p", type,
                section instanceof LatencyConfig s ? s : null, section instanceof StatusCodeConfig s ? s : null,
                section instanceof StringAttributeConfig s ? s : null,
                section instanceof NumericAttributeConfig s ? s : null,
                section instanceof BooleanAttributeConfig s ? s : null,
                section instanceof ProbabilisticConfig s ? s : null, section instanceof RateLimitingConfig s ? s : null,
                section instanceof SpanCountConfig s ? s : null, section instanceof TraceStateConfig s ? s : null,
                section instanceof AndConfig s ? s : null, section instanceof CompositeConfig s ? s : null,
                section instanceof DropConfig s ? s : null);
        return c.policy(second::get);
    }

    private static PolicyConfig named(String name, String type, Object section) {
        return new PolicyConfig(name, type, null, null,
                section instanceof StringAttributeConfig s ? s : null,
                section instanceof NumericAttributeConfig s ? s : null,
                section instanceof BooleanAttributeConfig s ? s : null, null, null, null, null, null, null, null);
    }

    @Test
    void alwaysSample() {
        assertEquals(Decision.SAMPLED, policy("always_sample", null).evaluate(new TestTrace(1).spans(1)));
    }

    @Test
    void latencyMeasuresFromEarliestStartToLatestEnd() {
        Policy atLeast500 = policy("latency", new LatencyConfig(500L, null));
        assertEquals(Decision.SAMPLED, atLeast500.evaluate(new TestTrace(1).span(0, 100).span(400, 500)));
        assertEquals(Decision.NOT_SAMPLED, atLeast500.evaluate(new TestTrace(2).span(0, 100).span(200, 499)));
        Policy window = policy("latency", new LatencyConfig(500L, 1000L));
        assertEquals(Decision.SAMPLED, window.evaluate(new TestTrace(3).span(0, 800)));
        assertEquals(Decision.NOT_SAMPLED, window.evaluate(new TestTrace(4).span(0, 500)), "lower bound exclusive");
        assertEquals(Decision.NOT_SAMPLED, window.evaluate(new TestTrace(5).span(0, 1001)));
        assertThrows(InvalidConfigException.class, () -> new LatencyConfig(500L, 100L));
    }

    @Test
    void statusCode() {
        Policy errors = policy("status_code", new StatusCodeConfig(List.of("ERROR")));
        assertEquals(Decision.SAMPLED, errors.evaluate(new TestTrace(1).span(0, 1).span(0, 1)
                .status(Status.StatusCode.STATUS_CODE_ERROR)));
        assertEquals(Decision.NOT_SAMPLED, errors.evaluate(new TestTrace(2).span(0, 1)
                .status(Status.StatusCode.STATUS_CODE_OK)));
        InvalidConfigException bad = assertThrows(InvalidConfigException.class,
                () -> new StatusCodeConfig(List.of("ERROR", "FAILED")));
        assertEquals("status_codes.1", bad.key());
        assertThrows(InvalidConfigException.class, () -> new StatusCodeConfig(List.of()));
    }

    @Test
    void stringAttributeExactRegexAndInvert() {
        Policy exact = policy("string_attribute", new StringAttributeConfig("http.route", List.of("/a", "/b"),
                null, null, null));
        assertEquals(Decision.SAMPLED, exact.evaluate(new TestTrace(1).span(0, 1, attr("http.route", "/b"))));
        assertEquals(Decision.NOT_SAMPLED, exact.evaluate(new TestTrace(2).span(0, 1, attr("http.route", "/bb"))));
        assertEquals(Decision.SAMPLED, policy("string_attribute", new StringAttributeConfig("service.name",
                List.of("svc"), null, null, null)).evaluate(new TestTrace(3).span(0, 1)), "resource attributes count");

        Policy regex = policy("string_attribute", new StringAttributeConfig("http.route", List.of("^/v1/name/.+"),
                true, 10, null));
        assertEquals(Decision.SAMPLED, regex.evaluate(new TestTrace(4).span(0, 1, attr("http.route", "/v1/name/42"))));
        assertEquals(Decision.NOT_SAMPLED, regex.evaluate(new TestTrace(5).span(0, 1, attr("http.route", "/v2/x"))));
        assertEquals(Decision.NOT_SAMPLED, regex.evaluate(new TestTrace(6).span(0, 1, attr("http.route", 42L))),
                "only string values match");

        Policy inverted = policy("string_attribute", new StringAttributeConfig("http.route", List.of("/health"),
                null, null, true));
        assertEquals(Decision.INVERT_NOT_SAMPLED, inverted.evaluate(new TestTrace(7).span(0, 1)
                .span(0, 1, attr("http.route", "/health"))));
        assertEquals(Decision.INVERT_SAMPLED, inverted.evaluate(new TestTrace(8).span(0, 1, attr("http.route", "/x"))));
        InvalidConfigException bad = assertThrows(InvalidConfigException.class,
                () -> new StringAttributeConfig("k", List.of("(unclosed"), true, null, null));
        assertEquals("values.0", bad.key());
    }

    @Test
    void numericAttributeRangeIsInclusive() {
        Policy range = policy("numeric_attribute", new NumericAttributeConfig("http.status_code", 500L, 599L, null));
        assertEquals(Decision.SAMPLED, range.evaluate(new TestTrace(1).span(0, 1, attr("http.status_code", 500L))));
        assertEquals(Decision.SAMPLED, range.evaluate(new TestTrace(2).span(0, 1, attr("http.status_code", 599L))));
        assertEquals(Decision.NOT_SAMPLED, range.evaluate(new TestTrace(3).span(0, 1, attr("http.status_code", 200L))));
        Policy onlyMin = policy("numeric_attribute", new NumericAttributeConfig("n", 50L, null, true));
        assertEquals(Decision.INVERT_NOT_SAMPLED, onlyMin.evaluate(new TestTrace(4).span(0, 1, attr("n", 1_000_000L))));
        assertEquals(Decision.INVERT_SAMPLED, onlyMin.evaluate(new TestTrace(5).span(0, 1, attr("n", 3L))));
        assertThrows(InvalidConfigException.class, () -> new NumericAttributeConfig("n", null, null, null));
    }

    @Test
    void booleanAttribute() {
        Policy force = policy("boolean_attribute", new BooleanAttributeConfig("app.force_sample", true, null));
        assertEquals(Decision.SAMPLED, force.evaluate(new TestTrace(1).span(0, 1, attr("app.force_sample", true))));
        assertEquals(Decision.NOT_SAMPLED, force.evaluate(new TestTrace(2).span(0, 1, attr("app.force_sample", false))));
        assertEquals(Decision.NOT_SAMPLED, force.evaluate(new TestTrace(3).span(0, 1, attr("app.force_sample", "true"))));
    }

    @Test
    void probabilisticMatchesTheGoHashAndRate() {
        // The published FNV-1a 64 test vector ("a"), then "default-hash-seed" and 16 zero bytes (Python port).
        assertEquals(0xaf63dc4c8601ec8cL, ProbabilisticConfig.hash("a".getBytes(), com.google.protobuf.ByteString.EMPTY));
        assertEquals(0xe19536eed1bbac3dL, ProbabilisticConfig.hash("default-hash-seed".getBytes(),
                com.google.protobuf.ByteString.copyFrom(new byte[16])));
        assertEquals(-1L, ProbabilisticConfig.threshold(100));
        assertEquals(0L, ProbabilisticConfig.threshold(0));
        // Random ids: FNV-1a leaves the top bits alone when only the last bytes differ, in Go as here.
        java.util.Random random = new java.util.Random(5);
        Policy tenth = policy("probabilistic", new ProbabilisticConfig(null, 10.0));
        int sampled = 0;
        for (int i = 0; i < 20_000; i++) {
            if (tenth.evaluate(new TestTrace(randomId(random)).spans(1)) == Decision.SAMPLED) {
                sampled++;
            }
        }
        assertEquals(0.10, sampled / 20_000.0, 0.01);
        Policy salted = policy("probabilistic", new ProbabilisticConfig("other", 10.0));
        int same = 0;
        for (int i = 0; i < 2000; i++) {
            TestTrace trace = new TestTrace(randomId(random)).spans(1);
            if (salted.evaluate(trace) == tenth.evaluate(trace)) {
                same++;
            }
        }
        assertTrue(same < 2000, "the salt changes which traces are sampled");
    }

    @Test
    void rateLimitingCountsSpansPerSecond() {
        Policy limit = policy("rate_limiting", new RateLimitingConfig(10L));
        assertEquals(Decision.SAMPLED, limit.evaluate(new TestTrace(1).spans(4)));
        assertEquals(Decision.SAMPLED, limit.evaluate(new TestTrace(2).spans(5)));
        assertEquals(Decision.NOT_SAMPLED, limit.evaluate(new TestTrace(3).spans(1)), "9 + 1 is not below 10");
        second.incrementAndGet();
        assertEquals(Decision.SAMPLED, limit.evaluate(new TestTrace(4).spans(9)));
    }

    @Test
    void spanCount() {
        Policy between = policy("span_count", new SpanCountConfig(2, 3));
        assertEquals(Decision.NOT_SAMPLED, between.evaluate(new TestTrace(1).spans(1)));
        assertEquals(Decision.SAMPLED, between.evaluate(new TestTrace(2).spans(3)));
        assertEquals(Decision.NOT_SAMPLED, between.evaluate(new TestTrace(3).spans(4)));
        assertEquals(Decision.SAMPLED, policy("span_count", new SpanCountConfig(2, 0)).evaluate(new TestTrace(4).spans(50)));
    }

    @Test
    void traceState() {
        Policy state = policy("trace_state", new TraceStateConfig("vendor", List.of("keep", "yes")));
        assertEquals(Decision.SAMPLED, state.evaluate(new TestTrace(1).span(0, 1).traceState("a=1, vendor=keep")));
        assertEquals(Decision.NOT_SAMPLED, state.evaluate(new TestTrace(2).span(0, 1).traceState("vendor=drop")));
        assertEquals(Decision.NOT_SAMPLED, state.evaluate(new TestTrace(3).span(0, 1).traceState("vendor=keep,broken")),
                "a malformed tracestate matches nothing");
    }

    @Test
    void andNeedsEverySubPolicy() {
        Policy and = policy("and", new AndConfig(List.of(
                named("svc", "string_attribute", new StringAttributeConfig("service.name", List.of("svc"), null, null, null)),
                named("not-health", "string_attribute", new StringAttributeConfig("http.route", List.of("/health"),
                        null, null, true)))));
        assertEquals(Decision.SAMPLED, and.evaluate(new TestTrace(1).span(0, 1, attr("http.route", "/api"))));
        assertEquals(Decision.NOT_SAMPLED, and.evaluate(new TestTrace(2).span(0, 1, attr("http.route", "/health"))));
        InvalidConfigException nested = assertThrows(InvalidConfigException.class, () -> new AndConfig(List.of(
                new PolicyConfig("x", "and", null, null, null, null, null, null, null, null, null,
                        new AndConfig(List.of(named("y", "always_sample", null))), null, null))));
        assertEquals("and_sub_policy.0.type", nested.key());
    }

    @Test
    void dropWhenEverySubPolicyMatches() {
        Policy drop = policy("drop", new DropConfig(List.of(named("do-not-sample", "boolean_attribute",
                new BooleanAttributeConfig("app.do_not_sample", true, null)))));
        assertEquals(Decision.DROPPED, drop.evaluate(new TestTrace(1).span(0, 1, attr("app.do_not_sample", true))));
        assertEquals(Decision.NOT_SAMPLED, drop.evaluate(new TestTrace(2).span(0, 1)));
    }

    @Test
    void compositeAllocatesTheRateBetweenSubPolicies() {
        CompositeConfig config = new CompositeConfig(100L, List.of("big", "medium", "rest"), List.of(
                named("big", "numeric_attribute", new NumericAttributeConfig("tier", 1L, 1L, null)),
                named("medium", "numeric_attribute", new NumericAttributeConfig("tier", 2L, 2L, null)),
                named("rest", "always_sample", null)),
                List.of(new RateAllocationConfig("big", 50), new RateAllocationConfig("medium", 25)));
        Policy composite = policy("composite", config);
        // Traces of 10 spans: "big" may sample 50 spans a second, "medium" 25; "rest" has no allocation.
        int big = 0;
        int medium = 0;
        int rest = 0;
        for (int i = 0; i < 10; i++) {
            big += composite.evaluate(tiered(i, 1)) == Decision.SAMPLED ? 1 : 0;
            medium += composite.evaluate(tiered(100 + i, 2)) == Decision.SAMPLED ? 1 : 0;
            rest += composite.evaluate(tiered(200 + i, 3)) == Decision.SAMPLED ? 1 : 0;
        }
        assertEquals(5, big);
        assertEquals(2, medium);
        assertEquals(0, rest, "as in the collector, a sub-policy without rate_allocation gets no rate");
        second.incrementAndGet();
        assertEquals(Decision.SAMPLED, composite.evaluate(tiered(300, 1)), "the next second starts afresh");

        CompositeConfig even = new CompositeConfig(90L, List.of(), List.of(named("a", "always_sample", null),
                named("b", "always_sample", null), named("c", "always_sample", null)),
                List.of(new RateAllocationConfig("a", 0)));
        assertEquals(30L, even.allocations().get("a"), "percent 0 means an equal share");
        InvalidConfigException unknown = assertThrows(InvalidConfigException.class, () -> new CompositeConfig(10L,
                List.of("nope"), List.of(named("a", "always_sample", null)), List.of()));
        assertEquals("policy_order.0", unknown.key());
    }

    private static com.google.protobuf.ByteString randomId(java.util.Random random) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return com.google.protobuf.ByteString.copyFrom(id);
    }

    private static TestTrace tiered(long id, long tier) {
        TestTrace t = new TestTrace(id);
        for (int i = 0; i < 10; i++) {
            t.span(0, 1, attr("tier", tier));
        }
        return t;
    }

    @Test
    void sectionsMustMatchTheType() {
        InvalidConfigException wrong = assertThrows(InvalidConfigException.class, () -> new PolicyConfig("p",
                "boolean_attribute", null, null, new StringAttributeConfig("k", List.of("v"), null, null, null),
                null, null, null, null, null, null, null, null, null));
        assertEquals("string_attribute", wrong.key());
        assertEquals("type", assertThrows(InvalidConfigException.class, () -> new PolicyConfig("p", "ottl_condition",
                null, null, null, null, null, null, null, null, null, null, null, null)).key());
        assertEquals("status_code", assertThrows(InvalidConfigException.class, () -> new PolicyConfig("p",
                "status_code", null, null, null, null, null, null, null, null, null, null, null, null)).key());
    }
}
