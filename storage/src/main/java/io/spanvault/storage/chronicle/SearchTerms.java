package io.spanvault.storage.chronicle;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;

/**
 * The 64-bit hashes of what a search can ask for: a service, an operation, a span kind, an attribute
 * {@code key=value}, a status, and the tags Jaeger shows for what OTLP keeps in fields
 * ({@code span.kind}, {@code otel.status_code}, {@code otel.scope.name}, {@code otel.scope.version},
 * {@code error=true}). Written chunks are posted under their terms (see {@link PostingsWriter}); a query
 * looks up the same hashes. A string is hashed as {@code ByteString.hashCode()} of its UTF-8 bytes: a query's
 * from the {@code String} ({@link #utf8Hash}), a written span's from its UTF-8 bytes ({@link #bytesHash}).
 * The receivers' parser leaves the strings of spans and attributes as those bytes (pipeline's
 * {@code TraceRequestParser}); a message that holds a {@code String} (OTLP/JSON, a processor's edit) keeps the
 * bytes in its place once asked for them, so the chunk encoding that follows copies them instead of measuring
 * and encoding every {@code String} again in two passes over its characters. Collisions only cost a wasted look at a chunk, because every candidate is
 * checked exactly.
 */
public final class SearchTerms {
    static final String UNKNOWN_SERVICE = "unknown_service";

    private static final long SERVICE = 1;
    private static final long OPERATION = 2;
    private static final long STRING = 3;
    private static final long BOOL = 4;
    private static final long INT = 5;
    private static final long DOUBLE = 6;
    private static final long KIND = 7;
    private static final long ERROR_STATUS = mix(BOOL, utf8Hash("error"), 1);
    private static final long OK_STATUS = mix(STRING, utf8Hash(Tags.STATUS_CODE), utf8Hash("OK"));
    /** Every chunk has it: what a search without any other term walks. */
    static final long ALL = mix(SERVICE, 0, 0x7fffffff);

    private SearchTerms() {
    }

    static long service(String service) {
        return mix(SERVICE, service.hashCode(), 0);
    }

    static long operation(String name) {
        return mix(OPERATION, utf8Hash(name), 0);
    }


    static long kind(String kindName) {
        return mix(KIND, utf8Hash(kindName), 0);
    }

    /** The term of an attribute, or 0 for values a search cannot name (arrays, maps, bytes, empty). */
    static long attribute(String keyText, AnyValue value) {
        return attribute(utf8Hash(keyText), value);
    }

    /**
     * As {@link #attribute(String, AnyValue)}, from the key's hash; a string value is then asked for as the
     * bytes the chunk is encoded from (see the class comment).
     */
    private static long attribute(int key, AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return mix(STRING, key, bytesHash(value.getStringValueBytes()));
            case BOOL_VALUE:
                return mix(BOOL, key, value.getBoolValue() ? 1 : 0);
            case INT_VALUE:
                return mix(INT, key, Long.hashCode(value.getIntValue()));
            case DOUBLE_VALUE:
                return mix(DOUBLE, key, Long.hashCode(Double.doubleToLongBits(value.getDoubleValue() + 0.0)));
            default:
                return 0;
        }
    }

    /**
     * {@code ByteString.copyFromUtf8(s).hashCode()} without the copy: {@code h = length; h = 31 * h + byte}
     * over the signed UTF-8 bytes (an unpaired surrogate encodes as {@code '?'}, as {@code String.getBytes}
     * does), 1 instead of 0. One pass: the length's share is added at the end as {@code length * 31^length}.
     */
    static int utf8Hash(String s) {
        int tail = 0;
        int power = 1;
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                tail = 31 * tail + c;
                power *= 31;
                length++;
            } else if (c < 0x800) {
                tail = 31 * (31 * tail + (byte) (0xC0 | c >>> 6)) + (byte) (0x80 | c & 0x3F);
                power *= 31 * 31;
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                tail = 31 * (31 * (31 * (31 * tail + (byte) (0xF0 | cp >>> 18)) + (byte) (0x80 | cp >>> 12 & 0x3F))
                        + (byte) (0x80 | cp >>> 6 & 0x3F)) + (byte) (0x80 | cp & 0x3F);
                power *= 31 * 31 * 31 * 31;
                length += 4;
            } else if (Character.isSurrogate(c)) {
                tail = 31 * tail + '?';
                power *= 31;
                length++;
            } else {
                tail = 31 * (31 * (31 * tail + (byte) (0xE0 | c >>> 12)) + (byte) (0x80 | c >>> 6 & 0x3F))
                        + (byte) (0x80 | c & 0x3F);
                power *= 31 * 31 * 31;
                length += 3;
            }
        }
        int h = length * power + tail;
        return h == 0 ? 1 : h;
    }

    /**
     * {@code bytes.hashCode()}, four bytes a step: protobuf's loop of one multiply per byte, each waiting for
     * the one before, took twice as long as hashing the {@code String} ({@link #utf8Hash}). Read in place: copying
     * the bytes into a thread's scratch array first cost more (the {@code ThreadLocal} lookup per string) than the
     * hash itself.
     */
    static int bytesHash(ByteString bytes) {
        int n = bytes.size();
        int h = n;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            h = 923_521 * h + 29_791 * bytes.byteAt(i) + 961 * bytes.byteAt(i + 1) + 31 * bytes.byteAt(i + 2)
                    + bytes.byteAt(i + 3);
        }
        for (; i < n; i++) {
            h = 31 * h + bytes.byteAt(i);
        }
        return h == 0 ? 1 : h;
    }

    /** The term Jaeger's {@code error=true} tag finds: a span with error status. */
    static long errorStatus() {
        return ERROR_STATUS;
    }

    /**
     * Every term a query value may have been written as: {@code "42"} may be the string, the integer or the
     * double; a chunk is a candidate when it holds any of them.
     */
    static long[] attributeAlternatives(String keyText, String value) {
        int key = utf8Hash(keyText);
        long[] out = new long[5];
        int n = 0;
        out[n++] = mix(STRING, key, utf8Hash(value));
        if (value.equals("true") || value.equals("false")) {
            out[n++] = mix(BOOL, key, value.equals("true") ? 1 : 0);
        }
        try {
            out[n++] = mix(INT, key, Long.hashCode(Long.parseLong(value)));
        } catch (NumberFormatException e) {
            // not an integer
        }
        Double d = parseDouble(value);
        if (d != null) {
            out[n++] = mix(DOUBLE, key, Long.hashCode(Double.doubleToLongBits(d + 0.0)));
        }
        if (keyText.equals(Tags.SPAN_KIND)) {
            out[n++] = kind(value.toLowerCase(java.util.Locale.ROOT));
        } else if (keyText.equals(Tags.STATUS_CODE) && value.equals("ERROR")
                || keyText.equals(Tags.ERROR) && value.equals("true")) {
            out[n++] = ERROR_STATUS;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The attributes' terms; their keys and string values are then kept as bytes (see the class comment). */
    static void addAttributes(List<KeyValue> attributes, TermSink sink) {
        for (int i = 0; i < attributes.size(); i++) {
            KeyValue kv = attributes.get(i);
            long term = attribute(bytesHash(kv.getKeyBytes()), kv.getValue());
            if (term != 0) {
                sink.add(term);
            }
        }
    }

    /** A scope's terms: its attributes, and its name and version as the tags Jaeger shows for them. */
    static void addScope(InstrumentationScope scope, TermSink sink) {
        addAttributes(scope.getAttributesList(), sink);
        if (!scope.getName().isEmpty()) {
            sink.add(mix(STRING, utf8Hash(Tags.SCOPE_NAME), utf8Hash(scope.getName())));
        }
        if (!scope.getVersion().isEmpty()) {
            sink.add(mix(STRING, utf8Hash(Tags.SCOPE_VERSION), utf8Hash(scope.getVersion())));
        }
    }

    /**
     * The span's own terms: its name and kind, its attributes and those of its events and links, its status
     * (error, or {@code otel.status_code=OK}).
     */
    static void addSpan(Span span, TermSink sink) {
        sink.add(mix(OPERATION, bytesHash(span.getNameBytes()), 0));
        int kind = span.getKind() == Span.SpanKind.UNRECOGNIZED ? -1 : span.getKind().getNumber();
        sink.add(kind > 0 && kind < KIND_TERMS.length ? KIND_TERMS[kind] : KIND_TERMS[0]);
        addAttributes(span.getAttributesList(), sink);
        for (int i = 0; i < span.getEventsCount(); i++) {
            Span.Event event = span.getEvents(i);
            // not a term, but then encoded from the bytes kept, as the terms' strings are
            event.getNameBytes();
            addAttributes(event.getAttributesList(), sink);
        }
        for (int i = 0; i < span.getLinksCount(); i++) {
            addAttributes(span.getLinks(i).getAttributesList(), sink);
        }
        if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            sink.add(errorStatus());
        } else if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_OK) {
            sink.add(OK_STATUS);
        }
    }

    /** The resource's {@code service.name}, or {@value #UNKNOWN_SERVICE} when it has none. */
    static String serviceName(Resource resource) {
        for (int i = 0; i < resource.getAttributesCount(); i++) {
            KeyValue kv = resource.getAttributes(i);
            if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
                return kv.getValue().getStringValue();
            }
        }
        return UNKNOWN_SERVICE;
    }

    private static final String[] KIND_NAMES = {"", "internal", "server", "client", "producer", "consumer"};
    /** {@link #kind} of each of {@link #KIND_NAMES}, which every span's kind is one of. */
    private static final long[] KIND_TERMS = java.util.Arrays.stream(KIND_NAMES).mapToLong(SearchTerms::kind)
            .toArray();

    /** The span kind as Jaeger spells it; empty for an unspecified or unknown kind. */
    public static String kindName(Span.SpanKind kind) {
        int n = kind == Span.SpanKind.UNRECOGNIZED ? -1 : kind.getNumber();
        return n > 0 && n < KIND_NAMES.length ? KIND_NAMES[n] : "";
    }

    static Double parseDouble(String value) {
        if (value.isEmpty() || !(Character.isDigit(value.charAt(value.length() - 1)) || value.endsWith("Infinity")
                || value.equals("NaN"))) {
            return null;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long mix(long type, int a, int b) {
        long h = type * 0x9E3779B97F4A7C15L + (((long) a << 32) | (b & 0xFFFFFFFFL));
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** Receives the terms of what is being indexed. */
    interface TermSink {
        void add(long term);
    }
}
