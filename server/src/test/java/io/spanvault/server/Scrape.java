package io.spanvault.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** One scrape of a Prometheus endpoint and the samples read from it, to assert on names, labels and values. */
record Scrape(String contentType, String body, List<Sample> samples) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A sample line: {@code name{labels} value}, with anything after the value (an exemplar) kept apart. */
    record Sample(String name, Map<String, String> labels, double value, String rest) {
        boolean has(String label, String value) {
            return value.equals(labels.get(label));
        }
    }

    static Scrape of(String url, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return new Scrape(response.headers().firstValue("content-type").orElse(""), response.body(), parse(response.body()));
    }

    Optional<Sample> find(String name, Predicate<Sample> matching) {
        return samples.stream().filter(s -> s.name().equals(name) && matching.test(s)).findFirst();
    }

    Sample get(String name, Predicate<Sample> matching) {
        return find(name, matching).orElseThrow(() -> new AssertionError("no sample " + name + " as wanted in:\n" + body));
    }

    private static List<Sample> parse(String body) {
        List<Sample> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            int valueStart;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int i = brace + 1;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String key = line.substring(i, eq);
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2;
                    for (; line.charAt(j) != '"'; j++) {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char n = line.charAt(++j);
                            value.append(n == 'n' ? '\n' : n);
                        } else {
                            value.append(c);
                        }
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                valueStart = i + 2;
            } else {
                name = line.substring(0, space);
                valueStart = space + 1;
            }
            String tail = line.substring(valueStart);
            int end = tail.indexOf(' ');
            String value = end < 0 ? tail : tail.substring(0, end);
            samples.add(new Sample(name, labels, Double.parseDouble(value.replace("+Inf", "Infinity")),
                    end < 0 ? "" : tail.substring(end + 1)));
        }
        return samples;
    }
}
