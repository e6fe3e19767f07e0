package io.spanvault.receiver.zipkin;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Zipkin v2 spans → OTLP, as the Collector's Zipkin translator (pkg/translator/zipkin/zipkinv2) does: one
 * resource per local service ({@code service.name}), one scope per {@code otel.library.name} /
 * {@code otel.scope.name} tag; kind; {@code otel.status_code}, {@code otel.status_description} and an
 * {@code error} tag (any value) → status; {@code w3c.tracestate} → trace state; endpoints → {@code net.host.ip},
 * {@code net.host.port}, {@code peer.service}, {@code net.peer.ip}, {@code net.peer.port}; annotations →
 * events and {@code otlp.link.N} tags → links (see {@link PackedOtlpFields}); tags that name resource attributes → the resource; the rest → span attributes, typed when
 * {@code parse_string_tags} is on. A 64-bit trace id becomes a 128-bit one with eight zero high bytes; a span
 * without timestamp starts at the epoch and gets {@code otel.zipkin.absentField.startTime=true}.
 */
final class ZipkinToOtlp {
    static final String START_TIME_ABSENT = "otel.zipkin.absentField.startTime";
    private static final String LIBRARY_NAME = "otel.library.name";
    private static final String LIBRARY_VERSION = "otel.library.version";
    private static final String SCOPE_NAME = "otel.scope.name";
    private static final String SCOPE_VERSION = "otel.scope.version";
    private static final String SERVICE_NAME_SOURCE = "otlp.service.name.source";
    /** Namespaces of the resource semantic conventions: such tags describe the process, not the span. */
    private static final List<String> RESOURCE_PREFIXES = List.of("service.", "telemetry.", "host.", "os.",
            "process.", "container.", "k8s.", "cloud.", "faas.", "deployment.", "device.", "webengine.", "aws.ecs.",
            "aws.eks.", "aws.log.", "gcp.", "heroku.", "opencensus.");
    private static final Set<String> SPAN_ONLY = Set.of("process.command_args");
    private static final Comparator<ZipkinSpan> BY_RESOURCE_AND_SCOPE = Comparator
            .comparing((ZipkinSpan s) -> Objects.requireNonNullElse(s.localServiceName(), ""))
            .thenComparing(ZipkinToOtlp::scopeName);

    private final boolean parseStringTags;

    ZipkinToOtlp(boolean parseStringTags) {
        this.parseStringTags = parseStringTags;
    }

    ExportTraceServiceRequest translate(List<ZipkinSpan> spans) {
        spans.sort(BY_RESOURCE_AND_SCOPE);
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        ResourceSpans.Builder resource = null;
        ScopeSpans.Builder scope = null;
        String service = null;
        String scopeName = null;
        for (ZipkinSpan zipkin : spans) {
            Map<String, String> tags = new LinkedHashMap<>(zipkin.tags);
            String spanService = zipkin.localServiceName();
            if (resource == null || !Objects.equals(service, spanService)) {
                service = spanService;
                resource = request.addResourceSpansBuilder();
                resource.setResource(resource(spanService, tags));
                scope = null;
            } else {
                removeResourceTags(tags);
            }
            String spanScope = scopeName(zipkin);
            if (scope == null || !spanScope.equals(scopeName)) {
                scopeName = spanScope;
                scope = resource.addScopeSpansBuilder();
                scope.setScope(scope(tags));
            }
            tags.remove(LIBRARY_NAME);
            tags.remove(LIBRARY_VERSION);
            tags.remove(SCOPE_NAME);
            tags.remove(SCOPE_VERSION);
            scope.addSpans(span(zipkin, tags));
        }
        return request.build();
    }

    private static String scopeName(ZipkinSpan span) {
        String name = span.tags.get(SCOPE_NAME);
        return name != null ? name : span.tags.getOrDefault(LIBRARY_NAME, "");
    }

    private static Resource resource(String service, Map<String, String> tags) {
        Resource.Builder resource = Resource.newBuilder();
        if (service == null || service.isEmpty()) {
            removeResourceTags(tags);
            return resource.build();
        }
        String source = tags.remove(SERVICE_NAME_SOURCE);
        resource.addAttributes(string(source == null || source.isEmpty() ? "service.name" : source, service));
        tags.entrySet().removeIf(tag -> {
            if (isResourceKey(tag.getKey())) {
                if (!tag.getKey().equals("service.name")) {
                    resource.addAttributes(string(tag.getKey(), tag.getValue()));
                }
                return true;
            }
            return false;
        });
        return resource.build();
    }

    private static void removeResourceTags(Map<String, String> tags) {
        tags.remove(SERVICE_NAME_SOURCE);
        tags.keySet().removeIf(ZipkinToOtlp::isResourceKey);
    }

    private static boolean isResourceKey(String key) {
        if (SPAN_ONLY.contains(key)) {
            return false;
        }
        for (String prefix : RESOURCE_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static InstrumentationScope scope(Map<String, String> tags) {
        InstrumentationScope.Builder scope = InstrumentationScope.newBuilder();
        String name = tags.containsKey(SCOPE_NAME) ? tags.get(SCOPE_NAME) : tags.get(LIBRARY_NAME);
        String version = tags.containsKey(SCOPE_VERSION) ? tags.get(SCOPE_VERSION) : tags.get(LIBRARY_VERSION);
        if (name != null) {
            scope.setName(name);
        }
        if (version != null) {
            scope.setVersion(version);
        }
        return scope.build();
    }

    private Span span(ZipkinSpan zipkin, Map<String, String> tags) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(id(zipkin.traceIdHigh, zipkin.traceIdLow))
                .setSpanId(id(zipkin.id))
                .setName(zipkin.name);
        String traceState = tags.remove("w3c.tracestate");
        if (traceState != null) {
            span.setTraceState(traceState);
        }
        if (zipkin.hasParent && zipkin.parentId != zipkin.id) {
            span.setParentSpanId(id(zipkin.parentId));
        }
        span.setKind(kind(zipkin.kind, tags));
        PackedOtlpFields.links(tags, span);
        Status status = status(tags);
        if (status != null) {
            span.setStatus(status);
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            span.addAttributes(KeyValue.newBuilder().setKey(tag.getKey()).setValue(value(tag.getValue())));
        }
        endpoints(zipkin, span);
        if (zipkin.timestamp == 0) {
            span.setStartTimeUnixNano(0).setEndTimeUnixNano(zipkin.duration * 1000);
            span.addAttributes(KeyValue.newBuilder().setKey(START_TIME_ABSENT)
                    .setValue(AnyValue.newBuilder().setBoolValue(true)));
        } else {
            span.setStartTimeUnixNano(zipkin.timestamp * 1000)
                    .setEndTimeUnixNano((zipkin.timestamp + zipkin.duration) * 1000);
        }
        for (ZipkinSpan.Annotation annotation : zipkin.annotations) {
            PackedOtlpFields.event(annotation.value(),
                    span.addEventsBuilder().setTimeUnixNano(annotation.timestamp() * 1000));
        }
        return span.build();
    }

    private static Span.SpanKind kind(String kind, Map<String, String> tags) {
        if (kind != null) {
            return switch (kind) {
                case "CLIENT" -> Span.SpanKind.SPAN_KIND_CLIENT;
                case "SERVER" -> Span.SpanKind.SPAN_KIND_SERVER;
                case "PRODUCER" -> Span.SpanKind.SPAN_KIND_PRODUCER;
                default -> Span.SpanKind.SPAN_KIND_CONSUMER;
            };
        }
        String tag = tags.remove("span.kind");
        return "internal".equals(tag) ? Span.SpanKind.SPAN_KIND_INTERNAL : Span.SpanKind.SPAN_KIND_UNSPECIFIED;
    }

    /** The status the tags give, or null for unset; the tags read are removed. */
    private static Status status(Map<String, String> tags) {
        Status.Builder status = null;
        String code = tags.remove("otel.status_code");
        if (code != null) {
            status = Status.newBuilder().setCode(switch (code) {
                case "STATUS_CODE_OK", "OK" -> Status.StatusCode.STATUS_CODE_OK;
                case "STATUS_CODE_ERROR", "ERROR" -> Status.StatusCode.STATUS_CODE_ERROR;
                default -> Status.StatusCode.STATUS_CODE_UNSET;
            });
            String description = tags.remove("otel.status_description");
            if (description != null) {
                status.setMessage(description);
            }
        }
        // any error tag marks an error; one that says more than "true" (Brave puts the message there) stays a tag
        String error = tags.get("error");
        if (error != null) {
            status = (status == null ? Status.newBuilder() : status).setCode(Status.StatusCode.STATUS_CODE_ERROR);
            if (error.equals("true")) {
                tags.remove("error");
            }
        }
        return status == null ? null : status.build();
    }

    private static void endpoints(ZipkinSpan zipkin, Span.Builder span) {
        ZipkinEndpoint local = zipkin.localEndpoint;
        if (local != null) {
            String ip = local.ipv6() != null ? local.ipv6() : local.ipv4();
            if (ip != null) {
                span.addAttributes(string("net.host.ip", ip));
            }
            if (local.port() > 0) {
                span.addAttributes(integer("net.host.port", local.port()));
            }
        }
        ZipkinEndpoint remote = zipkin.remoteEndpoint;
        if (remote != null) {
            if (remote.serviceName() != null && !remote.serviceName().isEmpty()) {
                span.addAttributes(string("peer.service", remote.serviceName()));
            }
            String ip = remote.ipv6() != null ? remote.ipv6() : remote.ipv4();
            if (ip != null) {
                span.addAttributes(string("net.peer.ip", ip));
            }
            if (remote.port() > 0) {
                span.addAttributes(integer("net.peer.port", remote.port()));
            }
        }
    }

    /** Go's strconv.ParseBool spellings, which the Collector accepts for booleans. */
    private static final Set<String> TRUE = Set.of("t", "T", "true", "TRUE", "True");
    private static final Set<String> FALSE = Set.of("f", "F", "false", "FALSE", "False");

    /** A tag's value: text, or with {@code parse_string_tags} an int, double or bool when it reads as one. */
    private AnyValue value(String text) {
        AnyValue.Builder value = AnyValue.newBuilder();
        if (parseStringTags) {
            try {
                return value.setIntValue(Long.parseLong(text)).build();
            } catch (NumberFormatException notInt) {
                // next type
            }
            if (readsAsGoFloat(text)) {
                try {
                    return value.setDoubleValue(Double.parseDouble(text)).build();
                } catch (NumberFormatException notDouble) {
                    // next type
                }
            }
            if (TRUE.contains(text) || FALSE.contains(text)) {
                return value.setBoolValue(TRUE.contains(text)).build();
            }
        }
        return value.setStringValue(text).build();
    }

    /** Java also reads "1d", "2f" and padded text as doubles, which Go (and so the Collector) keeps as text. */
    private static boolean readsAsGoFloat(String text) {
        if (text.isEmpty() || text.strip().length() != text.length()) {
            return false;
        }
        char last = Character.toLowerCase(text.charAt(text.length() - 1));
        return last != 'd' && last != 'f';
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    private static ByteString id(long high, long low) {
        byte[] bytes = new byte[16];
        put(bytes, 0, high);
        put(bytes, 8, low);
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    private static ByteString id(long value) {
        byte[] bytes = new byte[8];
        put(bytes, 0, value);
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    private static void put(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
