package io.spanvault.query.http;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spanvault.query.QueryServerFixture;
import io.spanvault.query.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing (Jazzer) of the query parameter parsers as the real server runs them: any query
 * string on any route is answered without a 500 or Java internals. {@link QueryFuzzTest} keeps the hand-picked
 * edge cases; {@code JAZZER_FUZZ=1} fuzzes (see {@code bench/fuzz.sh}).
 */
class QueryParameterFuzzTest {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    @TempDir
    static Path dataDir;
    private static QueryServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new QueryServerFixture(dataDir, TestData.NOW, QueryServerFixture.loopback(""), TestData.traces());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "20s")
    void anyQueryStringIsAnsweredWithoutA500OrInternals(FuzzedDataProvider data) throws Exception {
        String route = QueryFuzzTest.ROUTES.get(data.consumeInt(0, QueryFuzzTest.ROUTES.size() - 1));
        String target = route + "?" + requestLineSafe(data.consumeRemainingAsString());
        // the only connection made is the test's own, to the server under test (Jazzer flags any other as SSRF)
        int port = server.extension.port();
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections((host, to) -> to == port)) {
            QueryFuzzTest.assertAnswered(server, target);
        }
    }

    /** Bytes a request line cannot carry (space, controls, non-ASCII) escaped as a client would; the rest raw. */
    private static String requestLineSafe(String query) {
        StringBuilder out = new StringBuilder();
        for (byte b : query.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > ' ' && c < 0x7f && c != '#') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
