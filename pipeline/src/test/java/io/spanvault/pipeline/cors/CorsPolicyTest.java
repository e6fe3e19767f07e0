package io.spanvault.pipeline.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {
    private final CorsPolicy policy = new CorsPolicy(new CorsConfig(List.of("https://*.Example.com",
            "http://localhost:3000"), List.of("X-Tenant"), 600));

    @Test
    void originsMatchCaseInsensitivelyWithOneWildcard() {
        assertTrue(policy.allows("https://ui.example.com"));
        assertTrue(policy.allows("HTTPS://UI.EXAMPLE.COM"));
        assertTrue(policy.allows("http://localhost:3000"));
        assertFalse(policy.allows("https://example.com.evil.test"));
        assertFalse(policy.allows(null));
        assertFalse(CorsPolicy.of(null).enabled());
    }

    @Test
    void aPreflightIsAnsweredForAllowedOriginMethodAndHeadersOnly() {
        HttpHeaders ok = preflight("https://ui.example.com", "post", "content-type, X-TENANT");
        assertEquals("https://ui.example.com", ok.get("access-control-allow-origin"));
        assertEquals("POST", ok.get("access-control-allow-methods"));
        assertEquals("content-type, X-TENANT", ok.get("access-control-allow-headers"));
        assertEquals("600", ok.get("access-control-max-age"));
        assertEquals("true", ok.get("access-control-allow-credentials"));

        assertNull(preflight("https://evil.test", "POST", "").get("access-control-allow-origin"));
        assertNull(preflight("https://ui.example.com", "DELETE", "").get("access-control-allow-origin"));
        assertNull(preflight("https://ui.example.com", "GET", "x-other").get("access-control-allow-origin"));
    }

    @Test
    void anyOriginIsAStarWithoutCredentialsAndNoMaxAgeByDefault() {
        CorsPolicy any = new CorsPolicy(new CorsConfig(List.of("*"), List.of("*"), null));
        HttpHeaders response = new DefaultHttpHeaders();
        any.addResponseHeaders("https://anything.test", response);
        assertEquals("*", response.get("access-control-allow-origin"));
        assertNull(response.get("access-control-allow-credentials"));
        HttpHeaders request = new DefaultHttpHeaders().set("origin", "https://a.test")
                .set("access-control-request-method", "GET").set("access-control-request-headers", "x-anything");
        HttpHeaders answer = new DefaultHttpHeaders();
        any.addPreflightHeaders(request, answer);
        assertEquals("*", answer.get("access-control-allow-origin"));
        assertNull(answer.get("access-control-max-age"));
    }

    @Test
    void configErrorsNameTheirKey() {
        assertEquals("allowed_origins", assertThrows(InvalidConfigException.class,
                () -> new CorsConfig(List.of("https://*.*.example.com"), null, null)).key());
        assertEquals("allowed_origins", assertThrows(InvalidConfigException.class,
                () -> new CorsConfig(List.of(" "), null, null)).key());
        assertEquals("max_age", assertThrows(InvalidConfigException.class,
                () -> new CorsConfig(null, null, -5)).key());
    }

    private HttpHeaders preflight(String origin, String method, String headers) {
        HttpHeaders request = new DefaultHttpHeaders().set("origin", origin)
                .set("access-control-request-method", method).set("access-control-request-headers", headers);
        HttpHeaders response = new DefaultHttpHeaders();
        policy.addPreflightHeaders(request, response);
        return response;
    }
}
