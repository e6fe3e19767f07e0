package io.spanvault.exporter.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP metric and attribute names as Prometheus names, as the Collector's translator builds them with
 * suffixes and underscore escaping: {@code traces.span.metrics.duration} with unit {@code ms} becomes
 * {@code traces_span_metrics_duration_milliseconds}, a monotonic sum gets {@code _total}, a gauge with unit
 * {@code 1} gets {@code _ratio}, a namespace is put in front.
 */
final class PrometheusNames {
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
            Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"),
            Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"),
            Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"),
            Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"),
            Map.entry("1", ""), Map.entry("%", "percent"));
    private static final Map<String, String> PER_UNITS = Map.of("s", "second", "m", "minute", "h", "hour",
            "d", "day", "w", "week", "mo", "month", "y", "year");

    /** What kind of metric a name is built for; only counters and unit-1 gauges change the suffix. */
    enum Kind { COUNTER, GAUGE, OTHER }

    private PrometheusNames() {
    }

    static String metric(String name, String unit, Kind kind, String namespace) {
        List<String> tokens = tokens(name);
        String[] units = unit.split("/", 2);
        String main = unitName(units[0], UNITS);
        if (!main.isEmpty() && !tokens.contains(main)) {
            tokens.add(main);
        }
        if (units.length == 2) {
            String per = unitName(units[1], PER_UNITS);
            if (!per.isEmpty() && !tokens.contains(per)) {
                tokens.add("per");
                tokens.add(per);
            }
        }
        if (kind == Kind.COUNTER) {
            tokens.remove("total");
            tokens.add("total");
        }
        if (kind == Kind.GAUGE && unit.equals("1") && !tokens.contains("ratio")) {
            tokens.add("ratio");
        }
        if (!namespace.isEmpty()) {
            tokens.addAll(0, tokens(namespace));
        }
        String joined = String.join("_", tokens);
        return !joined.isEmpty() && Character.isDigit(joined.charAt(0)) ? "_" + joined : joined;
    }

    /** An attribute key as a label name: other characters become {@code _}; a leading digit or single {@code _} gets {@code key}. */
    static String label(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            out.append(isAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }
        String label = out.toString();
        if (!label.isEmpty() && Character.isDigit(label.charAt(0))) {
            return "key_" + label;
        }
        if (label.startsWith("_") && !label.startsWith("__")) {
            return "key" + label;
        }
        return label;
    }

    /** The Prometheus spelling of a unit; annotations in braces ({@code {call}}) and unknown units are dropped or kept cleaned. */
    private static String unitName(String unit, Map<String, String> table) {
        String trimmed = unit.replaceAll("\\{[^}]*}", "").trim();
        if (trimmed.isEmpty()) {
            return "";
        }
        String mapped = table.get(trimmed);
        if (mapped != null) {
            return mapped;
        }
        return String.join("_", tokens(trimmed));
    }

    private static List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isAsciiLetterOrDigit(c)) {
                token.append(c);
            } else if (token.length() > 0) {
                tokens.add(token.toString());
                token.setLength(0);
            }
        }
        if (token.length() > 0) {
            tokens.add(token.toString());
        }
        return tokens;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
