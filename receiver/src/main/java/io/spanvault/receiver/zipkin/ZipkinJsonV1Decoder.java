package io.spanvault.receiver.zipkin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Zipkin's JSON v1 (spans with {@code annotations} and {@code binaryAnnotations}, each carrying an endpoint),
 * turned into v2 spans as Zipkin's own v1 converter does: the core annotations {@code cs/cr}, {@code sr/ss},
 * {@code ms}, {@code mr} give the kind, timing and local endpoint; the address annotations {@code sa},
 * {@code ca}, {@code ma} give the remote endpoint; a v1 span holding both a client and a server side becomes
 * two spans, the server one {@code shared}. Other annotations stay annotations, other binary annotations
 * become tags.
 */
final class ZipkinJsonV1Decoder {

    private ZipkinJsonV1Decoder() {
    }

    private record V1Annotation(long timestamp, String value, ZipkinEndpoint endpoint) {
    }

    private record V1BinaryAnnotation(String key, String value, boolean isAddress, ZipkinEndpoint endpoint) {
    }

    static List<ZipkinSpan> decode(InputStream body) {
        try (JsonParser p = ZipkinJsonV2Decoder.JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new ZipkinFormatException("a Zipkin v1 JSON body is an array of spans");
            }
            List<ZipkinSpan> spans = new ArrayList<>();
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                convert(p, index++, spans);
            }
            return spans;
        } catch (JsonProcessingException e) {
            throw new ZipkinFormatException("malformed JSON: " + e.getOriginalMessage() + " at "
                    + e.getLocation().offsetDescription());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void convert(JsonParser p, int index, List<ZipkinSpan> out) throws IOException {
        ZipkinJsonV2Decoder.expect(p, JsonToken.START_OBJECT, "span " + index);
        ZipkinSpan base = new ZipkinSpan();
        CommonSpanFields common = new CommonSpanFields();
        List<V1Annotation> annotations = new ArrayList<>();
        List<V1BinaryAnnotation> binary = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            if (p.nextToken() == JsonToken.VALUE_NULL || common.read(field, p, base, index)) {
                continue;
            }
            switch (field) {
                case "annotations" -> annotations(p, annotations, index);
                case "binaryAnnotations" -> binaryAnnotations(p, binary, index);
                default -> p.skipChildren();
            }
        }
        common.finish(base, index);
        split(base, annotations, binary, out);
    }

    private static void split(ZipkinSpan base, List<V1Annotation> annotations, List<V1BinaryAnnotation> binary,
            List<ZipkinSpan> out) {
        V1Annotation cs = find(annotations, "cs");
        V1Annotation cr = find(annotations, "cr");
        V1Annotation sr = find(annotations, "sr");
        V1Annotation ss = find(annotations, "ss");
        V1Annotation ms = find(annotations, "ms");
        V1Annotation mr = find(annotations, "mr");
        ZipkinSpan client = null;
        ZipkinSpan server = null;
        if (cs != null || cr != null) {
            client = copy(base);
            client.kind = "CLIENT";
            side(client, cs, cr, base);
            out.add(client);
        }
        if (sr != null || ss != null) {
            server = client == null ? copy(base) : copyShared(base);
            server.kind = "SERVER";
            side(server, sr, ss, client == null ? base : null);
            out.add(server);
        }
        ZipkinSpan messaging = null;
        if (client == null && server == null && (ms != null || mr != null)) {
            messaging = copy(base);
            V1Annotation at = ms != null ? ms : mr;
            messaging.kind = ms != null ? "PRODUCER" : "CONSUMER";
            messaging.localEndpoint = at.endpoint();
            if (messaging.timestamp == 0) {
                messaging.timestamp = at.timestamp();
            }
            out.add(messaging);
        }
        ZipkinSpan local = client != null ? client : server != null ? server : messaging;
        if (local == null) {
            local = copy(base);
            out.add(local);
        }
        for (V1Annotation a : annotations) {
            if (!isCore(a.value())) {
                local.annotations.add(new ZipkinSpan.Annotation(a.timestamp(), a.value()));
                if (local.localEndpoint == null) {
                    local.localEndpoint = a.endpoint();
                }
            }
        }
        for (V1BinaryAnnotation b : binary) {
            if (b.isAddress()) {
                ZipkinSpan target = switch (b.key()) {
                    case "sa" -> client != null ? client : local;
                    case "ca" -> server != null ? server : local;
                    default -> local;
                };
                if (target.remoteEndpoint == null) {
                    target.remoteEndpoint = b.endpoint();
                }
            } else {
                ZipkinSpan target = server != null && b.endpoint() != null && server.localEndpoint != null
                        && b.endpoint().equals(server.localEndpoint) ? server : local;
                target.tags.put(b.key(), b.value());
                if (target.localEndpoint == null) {
                    target.localEndpoint = b.endpoint();
                }
            }
        }
    }

    /** The timing and local endpoint of one side of a v1 span, from its start and end annotations. */
    private static void side(ZipkinSpan span, V1Annotation start, V1Annotation end, ZipkinSpan timedBy) {
        V1Annotation any = start != null ? start : end;
        span.localEndpoint = any.endpoint();
        if (timedBy == null || timedBy.timestamp == 0) {
            span.timestamp = start != null ? start.timestamp() : 0;
            span.duration = start != null && end != null ? Math.max(0, end.timestamp() - start.timestamp()) : 0;
        }
    }

    private static ZipkinSpan copy(ZipkinSpan base) {
        ZipkinSpan span = new ZipkinSpan();
        span.traceIdHigh = base.traceIdHigh;
        span.traceIdLow = base.traceIdLow;
        span.id = base.id;
        span.parentId = base.parentId;
        span.hasParent = base.hasParent;
        span.name = base.name;
        span.timestamp = base.timestamp;
        span.duration = base.duration;
        span.debug = base.debug;
        return span;
    }

    /** The server side of a span the client side also reports: same ids, timed by its own annotations. */
    private static ZipkinSpan copyShared(ZipkinSpan base) {
        ZipkinSpan span = copy(base);
        span.shared = true;
        span.timestamp = 0;
        span.duration = 0;
        return span;
    }

    private static V1Annotation find(List<V1Annotation> annotations, String value) {
        for (V1Annotation a : annotations) {
            if (a.value().equals(value)) {
                return a;
            }
        }
        return null;
    }

    private static boolean isCore(String value) {
        return switch (value) {
            case "cs", "cr", "sr", "ss", "ms", "mr" -> true;
            default -> false;
        };
    }

    private static void annotations(JsonParser p, List<V1Annotation> out, int index) throws IOException {
        ZipkinJsonV2Decoder.expect(p, JsonToken.START_ARRAY, "span " + index + " annotations");
        while (p.nextToken() == JsonToken.START_OBJECT) {
            long timestamp = 0;
            String value = null;
            ZipkinEndpoint endpoint = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "timestamp" -> timestamp = ZipkinJsonV2Decoder.micros(p, "annotation timestamp", index);
                    case "value" -> value = p.getText();
                    case "endpoint" -> endpoint = ZipkinJsonV2Decoder.endpoint(p, index);
                    default -> p.skipChildren();
                }
            }
            if (value == null) {
                throw new ZipkinFormatException("span " + index + ": an annotation has no value");
            }
            out.add(new V1Annotation(timestamp, value, endpoint));
        }
    }

    private static void binaryAnnotations(JsonParser p, List<V1BinaryAnnotation> out, int index) throws IOException {
        ZipkinJsonV2Decoder.expect(p, JsonToken.START_ARRAY, "span " + index + " binaryAnnotations");
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String key = null;
            String value = null;
            boolean bool = false;
            ZipkinEndpoint endpoint = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if (token == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "key" -> key = p.getText();
                    case "value" -> {
                        bool = token == JsonToken.VALUE_TRUE;
                        value = p.getText();
                    }
                    case "endpoint" -> endpoint = ZipkinJsonV2Decoder.endpoint(p, index);
                    default -> p.skipChildren();
                }
            }
            if (key == null) {
                throw new ZipkinFormatException("span " + index + ": a binary annotation has no key");
            }
            boolean address = bool && (key.equals("sa") || key.equals("ca") || key.equals("ma"));
            if (address && endpoint == null) {
                continue;
            }
            out.add(new V1BinaryAnnotation(key, value == null ? "" : value, address, endpoint));
        }
    }
}
