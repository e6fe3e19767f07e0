package io.spanvault.processor.probabilisticsampler;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A span's W3C tracestate, parsed with the syntax rules of the collector's {@code pkg/sampling} and written
 * back the way it writes it: the {@code ot} member first ({@code rv}, then {@code th}, then its other
 * fields), then the other members in their order, without blanks or empty members.
 */
final class W3CTraceState {
    private static final int MAX_LENGTH = 1024;
    private static final int MAX_MEMBERS = 32;
    private static final int MAX_KEY_LENGTH = 256;
    private static final int MAX_TENANT_LENGTH = 241;
    private static final int MAX_SYSTEM_LENGTH = 14;
    private static final int MAX_OTEL_LENGTH = 256;
    private static final Pattern OTEL_VALUE = Pattern.compile(
            "[a-z][a-z0-9]*:[a-zA-Z0-9._\\-]*(?:;[a-z][a-z0-9]*:[a-zA-Z0-9._\\-]*)*");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private final List<String> otherMembers = new ArrayList<>();
    private final List<String> otherOtelFields = new ArrayList<>();
    private String rv;
    private String th;

    private W3CTraceState() {
    }

    /** The parsed tracestate, or null when the collector's parser would reject it. */
    static W3CTraceState parse(String text) {
        W3CTraceState state = new W3CTraceState();
        if (text.isEmpty()) {
            return state;
        }
        if (text.length() > MAX_LENGTH) {
            return null;
        }
        int members = 0;
        for (String raw : text.split(",", -1)) {
            String member = trimOws(raw);
            if (member.isEmpty()) {
                continue;
            }
            if (++members > MAX_MEMBERS) {
                return null;
            }
            int eq = member.indexOf('=');
            if (eq < 1) {
                return null;
            }
            String key = member.substring(0, eq);
            String value = member.substring(eq + 1);
            if (!validKey(key) || !validValue(value)) {
                return null;
            }
            if (key.equals("ot")) {
                if (!state.parseOtel(value)) {
                    return null;
                }
            } else {
                state.otherMembers.add(member);
            }
        }
        return state;
    }

    private boolean parseOtel(String value) {
        rv = null;
        th = null;
        otherOtelFields.clear();
        if (value.length() > MAX_OTEL_LENGTH || !OTEL_VALUE.matcher(value).matches()) {
            return false;
        }
        for (String field : value.split(";")) {
            int colon = field.indexOf(':');
            String key = field.substring(0, colon);
            String v = field.substring(colon + 1);
            if (key.equals("rv")) {
                if (v.length() != 14 || !HEX.matcher(v).matches()) {
                    return false;
                }
                rv = v;
            } else if (key.equals("th")) {
                if (v.isEmpty() || v.length() > 14 || !HEX.matcher(v).matches()) {
                    return false;
                }
                th = v;
            } else {
                otherOtelFields.add(field);
            }
        }
        return true;
    }

    /** Whether OpenTelemetry consistent-sampling data ({@code rv} or {@code th}) is present. */
    boolean hasSamplingData() {
        return rv != null || th != null;
    }

    /** The threshold of the {@code th} field as a 56-bit number (trailing zeros restored), or -1 when absent. */
    long threshold() {
        return th == null ? -1 : Long.parseLong(th, 16) << (4 * (14 - th.length()));
    }

    void setRandomness(long rnd56) {
        rv = String.format("%014x", rnd56);
    }

    /**
     * Records the threshold a span was sampled at, unless that would raise a lower sampling probability
     * already recorded (which the collector refuses as inconsistent).
     */
    void updateThreshold(long threshold) {
        if (th != null && threshold() > threshold) {
            return;
        }
        th = tValue(threshold);
    }

    /** A threshold as its {@code th} value: 14 hex digits without trailing zeros; {@code 0} samples all. */
    static String tValue(long threshold) {
        if (threshold == 0) {
            return "0";
        }
        String digits = String.format("%014x", threshold);
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }

    String serialize() {
        List<String> otel = new ArrayList<>();
        if (rv != null) {
            otel.add("rv:" + rv);
        }
        if (th != null) {
            otel.add("th:" + th);
        }
        otel.addAll(otherOtelFields);
        List<String> members = new ArrayList<>();
        if (!otel.isEmpty()) {
            members.add("ot=" + String.join(";", otel));
        }
        members.addAll(otherMembers);
        return String.join(",", members);
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
