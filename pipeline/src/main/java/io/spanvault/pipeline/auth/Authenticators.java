package io.spanvault.pipeline.auth;

import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.InvalidConfigException;

/** Finds the authenticator extension an {@code auth} section names, when a server or exporter starts. */
public final class Authenticators {
    private Authenticators() {
    }

    /** The server side of {@code auth}, or null when {@code auth} is not set. */
    public static ServerAuthenticator server(Host host, AuthConfig auth) {
        return find(host, auth, ServerAuthenticator.class, "server");
    }

    /** The client side of {@code auth}, or null when {@code auth} is not set. */
    public static ClientAuthenticator client(Host host, AuthConfig auth) {
        return find(host, auth, ClientAuthenticator.class, "client");
    }

    private static <T> T find(Host host, AuthConfig auth, Class<T> side, String sideName) {
        if (auth == null) {
            return null;
        }
        if (host == null) {
            throw new InvalidConfigException("auth.authenticator", "no extensions to find '" + auth.authenticator()
                    + "' in");
        }
        return host.component(ComponentKind.EXTENSION, auth.id(), side).orElseThrow(() -> new InvalidConfigException(
                "auth.authenticator", "no extension '" + auth.authenticator() + "' that authenticates as a "
                        + sideName + "; define it under 'extensions' (bearertokenauth or basicauth), list it in "
                        + "service.extensions, and configure its " + sideName + " side"));
    }
}
