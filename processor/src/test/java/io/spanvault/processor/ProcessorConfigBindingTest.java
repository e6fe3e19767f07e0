package io.spanvault.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.config.ConfigException;
import io.spanvault.config.ConfigLoader;
import io.spanvault.config.ConfigSource;
import io.spanvault.config.ServiceConfig;
import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentFactory;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import io.spanvault.pipeline.testkit.TestTraces;
import io.spanvault.processor.attributes.AttributesConfig;
import io.spanvault.processor.attributes.AttributesProcessorFactory;
import io.spanvault.processor.filter.FilterConfig;
import io.spanvault.processor.memorylimiter.MemoryLimiterConfig;
import io.spanvault.processor.probabilisticsampler.ProbabilisticSamplerConfig;
import io.spanvault.processor.resource.ResourceConfig;
import io.spanvault.processor.tailsampling.TailSamplingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ServiceLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Collector configs, as users paste them, bound through the real config loader to these processors' records. */
class ProcessorConfigBindingTest {
    private static final String PIPELINE = """
            receivers:
              otlp:
            exporters:
              debug:
            service:
              pipelines:
                traces:
                  receivers: [otlp]
                  processors: [%s]
                  exporters: [debug]
            """;

    /** A pipeline end (the exporter module is not on this module's class path); it is bound, never created. */
    public record NoSettings() {
    }

    private static final class DebugEnd implements ExporterFactory<NoSettings> {
        @Override
        public String type() {
            return "debug";
        }

        @Override
        public Class<NoSettings> configType() {
            return NoSettings.class;
        }

        @Override
        public NoSettings defaultConfig() {
            return new NoSettings();
        }

        @Override
        public <T extends Message> Exporter<T> create(ComponentContext context, NoSettings config, Signal<T> signal) {
            throw new UnsupportedOperationException("only bound, never created");
        }
    }

    private static ComponentRegistry registry() {
        List<ComponentFactory<?>> factories = new ArrayList<>(List.of(new DebugEnd()));
        ServiceLoader.load(ComponentFactory.class).forEach(factories::add);
        return new ComponentRegistry(factories);
    }

    private static ServiceConfig load(String processors, String ids) throws ConfigException {
        return new ConfigLoader(registry(), Map.<String, String>of()::get)
                .load(List.of(new ConfigSource("test.yaml", "processors:\n" + processors + PIPELINE.formatted(ids))));
    }

    private static Object config(ServiceConfig loaded, String id) {
        return loaded.spec().config(ComponentKind.PROCESSOR, ComponentId.parse(id));
    }

    @Test
    void bindsTheCollectorsAttributesAndResourceExamples() throws Exception {
        ServiceConfig loaded = load("""
                  attributes/example:
                    include:
                      match_type: strict
                      services: [checkout]
                      attributes:
                        - key: http.status_code
                          value: 200
                    actions:
                      - key: db.table
                        action: delete
                      - key: redacted_span
                        value: true
                        action: upsert
                      - key: copy_key
                        from_attribute: key_original
                        action: update
                      - key: account_password
                        action: hash
                      - key: http.url
                        pattern: ^/api/(?P<version>v\\d+)/users/(?P<user_id>\\d+)
                        action: extract
                      - key: http.status_code
                        converted_type: string
                        action: convert
                  resource:
                    attributes:
                      - key: cloud.zone
                        value: zone-1
                        action: upsert
                """, "attributes/example, resource");
        AttributesConfig attributes = (AttributesConfig) config(loaded, "attributes/example");
        assertEquals(6, attributes.actions().size());
        assertEquals(Boolean.TRUE, attributes.actions().get(1).value());
        assertEquals(1, ((ResourceConfig) config(loaded, "resource")).attributes().size());

        // The bound int 200 must match an int attribute strictly, as in the collector.
        CapturingConsumer<ExportTraceServiceRequest> out = new CapturingConsumer<>(Signal.TRACES);
        ExportTraceServiceRequest base = TestTraces.request("checkout", 1);
        Span span = base.getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder()
                .addAttributes(KeyValue.newBuilder().setKey("http.status_code")
                        .setValue(AnyValue.newBuilder().setIntValue(200)))
                .build();
        ExportTraceServiceRequest request = base.toBuilder().setResourceSpans(0, base.getResourceSpans(0).toBuilder()
                .setScopeSpans(0, base.getResourceSpans(0).getScopeSpans(0).toBuilder().setSpans(0, span))).build();
        new AttributesProcessorFactory().create(new ComponentContext(ComponentKind.PROCESSOR,
                ComponentId.parse("attributes/example"), new Telemetry()), attributes, Signal.TRACES, out)
                .consume(request).toCompletableFuture().join();
        Span processed = out.received().get(0).getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertTrue(processed.getAttributesList().stream().anyMatch(kv -> kv.getKey().equals("redacted_span")));
    }

    @Test
    void bindsFilterMemoryLimiterAndSampler() throws Exception {
        ServiceConfig loaded = load("""
                  filter/ottl:
                    error_mode: ignore
                    traces:
                      span:
                        - 'attributes["http.route"] == "/health"'
                        - IsMatch(name, "^GET /ready")
                      spanevent:
                        - 'name == "cache.miss"'
                  filter/legacy:
                    spans:
                      exclude:
                        match_type: regexp
                        span_names: [health]
                  memory_limiter:
                    check_interval: 1s
                    limit_mib: 4000
                    spike_limit_mib: 800
                  probabilistic_sampler:
                    sampling_percentage: 15.3
                    hash_seed: 22
                    fail_closed: false
                """, "memory_limiter, filter/ottl, filter/legacy, probabilistic_sampler");
        assertEquals(2, ((FilterConfig) config(loaded, "filter/ottl")).traces().span().size());
        assertNotNull(((FilterConfig) config(loaded, "filter/legacy")).spans().exclude());
        MemoryLimiterConfig limiter = (MemoryLimiterConfig) config(loaded, "memory_limiter");
        assertEquals(Duration.ofSeconds(1), limiter.checkInterval());
        assertEquals(800L, limiter.spikeLimitMib());
        ProbabilisticSamplerConfig sampler = (ProbabilisticSamplerConfig) config(loaded, "probabilistic_sampler");
        assertEquals(15.3, sampler.samplingPercentage());
        assertEquals(22L, sampler.hashSeed());
        assertEquals(Boolean.FALSE, sampler.failClosed());
    }

    @Test
    void bindsTheCollectorsTailSamplingExample() throws Exception {
        ServiceConfig loaded = load("""
                  tail_sampling:
                    decision_wait: 10s
                    num_traces: 100
                    expected_new_traces_per_sec: 10
                    decision_cache:
                      sampled_cache_size: 100000
                      non_sampled_cache_size: 100000
                    policies:
                      [
                        {name: test-policy-1, type: always_sample},
                        {name: test-policy-2, type: latency, latency: {threshold_ms: 5000, upper_threshold_ms: 10000}},
                        {name: test-policy-3, type: numeric_attribute, numeric_attribute: {key: key1, min_value: 50, max_value: 100}},
                        {name: test-policy-4, type: probabilistic, probabilistic: {sampling_percentage: 10}},
                        {name: test-policy-5, type: status_code, status_code: {status_codes: [ERROR, UNSET]}},
                        {name: test-policy-6, type: string_attribute, string_attribute: {key: key2, values: [value1, value2]}},
                        {name: test-policy-7, type: string_attribute, string_attribute: {key: key2, values: [value1, val*], enabled_regex_matching: true, cache_max_size: 10}},
                        {name: test-policy-8, type: rate_limiting, rate_limiting: {spans_per_second: 35}},
                        {name: test-policy-9, type: span_count, span_count: {min_spans: 2, max_spans: 20}},
                        {name: test-policy-10, type: trace_state, trace_state: {key: key3, values: [value1, value2]}},
                        {name: test-policy-11, type: boolean_attribute, boolean_attribute: {key: key4, value: true}},
                        {name: and-policy-1, type: and, and: {and_sub_policy: [
                          {name: test-and-policy-1, type: numeric_attribute, numeric_attribute: {key: key1, min_value: 50, max_value: 100}},
                          {name: test-and-policy-2, type: string_attribute, string_attribute: {key: key2, values: [value1, value2]}}]}},
                        {name: drop-policy-1, type: drop, drop: {drop_sub_policy: [
                          {name: test-drop-policy-1, type: string_attribute, string_attribute: {key: url.path, values: [\\/health, \\/metrics], enabled_regex_matching: true}}]}},
                        {name: composite-policy-1, type: composite, composite: {
                          max_total_spans_per_second: 1000,
                          policy_order: [test-composite-policy-1, test-composite-policy-2, test-composite-policy-3],
                          composite_sub_policy: [
                            {name: test-composite-policy-1, type: numeric_attribute, numeric_attribute: {key: key1, min_value: 50}},
                            {name: test-composite-policy-2, type: string_attribute, string_attribute: {key: key2, values: [value1, value2]}},
                            {name: test-composite-policy-3, type: always_sample}],
                          rate_allocation: [{policy: test-composite-policy-1, percent: 50}, {policy: test-composite-policy-2, percent: 25}]}}
                      ]
                """, "tail_sampling");
        TailSamplingConfig config = (TailSamplingConfig) config(loaded, "tail_sampling");
        assertEquals(Duration.ofSeconds(10), config.decisionWait());
        assertEquals(14, config.policies().size());
        assertEquals(100_000, config.decisionCache().sampledCacheSize());
        assertEquals(2, config.policies().get(13).composite().rateAllocation().size());

        ConfigException wrong = assertThrows(ConfigException.class, () -> load("""
                  tail_sampling:
                    policies:
                      - name: p
                        type: status_code
                        status_code: {status_codes: [FAILED]}
                """, "tail_sampling"));
        assertTrue(wrong.getMessage().contains("processors.tail_sampling.policies.0.status_code.status_codes.0"),
                wrong.getMessage());
    }

    @Test
    void unsupportedOttlFailsLoadingNamingKeyAndExpression() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                  filter:
                    traces:
                      span:
                        - 'name == "ok"'
                        - 'Len(attributes["tags"]) > 3'
                """, "filter"));
        String report = e.getMessage();
        assertTrue(report.contains("processors.filter.traces.span.1"), report);
        assertTrue(report.contains("Len(attributes[\"tags\"]) > 3"), report);
    }

    @Test
    void fromContextAndOtherSamplerModesAreRefusedAtLoading() {
        String fromContext = assertThrows(ConfigException.class, () -> load("""
                  attributes:
                    actions:
                      - key: tenant
                        from_context: metadata.x-tenant
                        action: insert
                """, "attributes")).getMessage();
        assertTrue(fromContext.contains("from_context"), fromContext);
        String mode = assertThrows(ConfigException.class, () -> load("""
                  probabilistic_sampler:
                    sampling_percentage: 10
                    mode: proportional
                """, "probabilistic_sampler")).getMessage();
        assertTrue(mode.contains("mode"), mode);
    }
}
