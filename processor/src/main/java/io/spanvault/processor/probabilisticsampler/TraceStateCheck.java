package io.spanvault.processor.probabilisticsampler;

import java.util.regex.Pattern;

/**
 * What the collector's hash_seed sampler finds in a span's W3C tracestate before hashing: nothing in the
 * way, OpenTelemetry sampling data already there ({@code ot=rv:} or {@code th:}), or a tracestate it
 * cannot parse. In the last two cases the collector does not hash-sample the span. The syntax rules are
 * those of the collector's {@code pkg/sampling} parser.
 */
enum TraceStateCheck {
    CLEAN, HAS_SAMPLING_DATA, INVALID;

    private static final int MAX_LENGTH = 1024;
    private static final int MAX_MEMBERS = 32;
    private static final int MAX_KEY_LENGTH = 256;
    private static final int MAX_TENANT_LENGTH = 241;
    private static final int MAX_SYSTEM_LENGTH = 14;
    private static final int MAX_OTEL_LENGTH = 256;
    private static final Pattern OTEL_VALUE = Pattern.compile(
            "[a-z][a-z0-9]*:[a-zA-Z0-9._\\-]*(?:;[a-z][a-z0-9]*:[a-zA-Z0-9._\\-]*)*");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    static TraceStateCheck of(String traceState) {
        if (traceState.isEmpty()) {
            return CLEAN;
        }
        if (traceState.length() > MAX_LENGTH) {
            return INVALID;
        }
        TraceStateCheck result = CLEAN;
        int members = 0;
        for (String raw : traceState.split(",", -1)) {
            String member = trimOws(raw);
            if (member.isEmpty()) {
                continue;
            }
            if (++members > MAX_MEMBERS) {
                return INVALID;
            }
            int eq = member.indexOf('=');
            if (eq < 1) {
                return INVALID;
            }
            String key = member.substring(0, eq);
            String value = member.substring(eq + 1);
            if (!validKey(key) || !validValue(value)) {
                return INVALID;
            }
            if (key.equals("ot")) {
                TraceStateCheck ot = otelValue(value);
                if (ot == INVALID) {
                    return INVALID;
                }
                if (ot == HAS_SAMPLING_DATA) {
                    result = HAS_SAMPLING_DATA;
                }
            }
        }
        return result;
    }

    private static TraceStateCheck otelValue(String value) {
        if (value.length() > MAX_OTEL_LENGTH || !OTEL_VALUE.matcher(value).matches()) {
            return INVALID;
        }
        TraceStateCheck result = CLEAN;
        for (String field : value.split(";")) {
            int colon = field.indexOf(':');
            String key = field.substring(0, colon);
            String v = field.substring(colon + 1);
            if (key.equals("rv")) {
                if (v.length() != 14 || !HEX.matcher(v).matches()) {
                    return INVALID;
                }
                result = HAS_SAMPLING_DATA;
            } else if (key.equals("th")) {
                if (v.isEmpty() || v.length() > 14 || !HEX.matcher(v).matches()) {
                    return INVALID;
                }
                result = HAS_SAMPLING_DATA;
            }
        }
        return result;
    }

    private static String trimOws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean validKey(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        int at = key.indexOf('@');
        if (at < 0) {
            return lcAlpha(key.charAt(0)) && keyChars(key, 1, key.length());
        }
        String tenant = key.substring(0, at);
        String system = key.substring(at + 1);
        return !tenant.isEmpty() && !system.isEmpty() && tenant.length() <= MAX_TENANT_LENGTH
                && system.length() <= MAX_SYSTEM_LENGTH && (lcAlpha(tenant.charAt(0)) || digit(tenant.charAt(0)))
                && lcAlpha(system.charAt(0)) && keyChars(tenant, 1, tenant.length())
                && keyChars(system, 1, system.length());
    }

    private static boolean keyChars(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(lcAlpha(c) || digit(c) || c == '_' || c == '-' || c == '*' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    private static boolean validValue(String value) {
        if (value.isEmpty() || value.length() > 256 || !nonBlank(value.charAt(value.length() - 1))) {
            return false;
        }
        for (int i = 0; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c != ' ' && !nonBlank(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean nonBlank(char c) {
        return (c >= 0x21 && c <= 0x2B) || (c >= 0x2D && c <= 0x3C) || (c >= 0x3E && c <= 0x7E);
    }

    private static boolean lcAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
