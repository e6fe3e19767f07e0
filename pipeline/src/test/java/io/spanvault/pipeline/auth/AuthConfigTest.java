package io.spanvault.pipeline.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthConfigTest {

    @Test
    void theAuthenticatorIsAComponentId() {
        assertEquals(ComponentId.parse("bearertokenauth/x"), new AuthConfig("bearertokenauth/x").id());
        assertEquals("authenticator", assertThrows(InvalidConfigException.class, () -> new AuthConfig(" ")).key());
        assertEquals("authenticator", assertThrows(InvalidConfigException.class, () -> new AuthConfig("a/")).key());
    }

    @Test
    void aMissingExtensionIsAConfigErrorNamingTheKey() {
        Host empty = new Host() {
            @Override
            public <T> Optional<T> component(ComponentKind kind, ComponentId id, Class<T> type) {
                return Optional.empty();
            }
        };
        assertNull(Authenticators.server(empty, null));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Authenticators.server(empty, new AuthConfig("basicauth/none")));
        assertEquals("auth.authenticator", e.key());
        assertTrue(e.getMessage().contains("basicauth/none"));
    }

    @Test
    void secretsCompareByContent() {
        assertTrue(Secrets.equal("Bearer abc", "Bearer abc"));
        assertFalse(Secrets.equal("Bearer abd", "Bearer abc"));
        assertFalse(Secrets.equal("Bearer ab", "Bearer abc"));
        assertFalse(Secrets.equal(null, "x"));
    }
}
