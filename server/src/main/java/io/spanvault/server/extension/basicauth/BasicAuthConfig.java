package io.spanvault.server.extension.basicauth;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * The {@code basicauth} extension's config, as the collector's: {@code htpasswd} makes it a server
 * authenticator, {@code client_auth} a client one; one instance is one side, never both.
 */
public record BasicAuthConfig(Htpasswd htpasswd, ClientAuth clientAuth) {

    /** The users a server takes: an htpasswd {@code file} and/or {@code inline} lines (inline wins for a user). */
    public record Htpasswd(String file, String inline) {
    }

    /** The credentials an exporter sends. */
    public record ClientAuth(String username, String password) {
        public ClientAuth {
            if (username == null || username.isEmpty()) {
                throw new InvalidConfigException("username", "is required in client_auth");
            }
            if (username.contains(":")) {
                throw new InvalidConfigException("username", "must not contain ':'");
            }
            if (password == null) {
                password = "";
            }
        }

        @Override
        public String toString() {
            return "ClientAuth[username=" + username + ", password=<redacted>]";
        }
    }

    /** Run when the extension is created, not for the defaults. */
    void requireOneSide() {
        if (htpasswd == null && clientAuth == null) {
            throw new InvalidConfigException("htpasswd", "set htpasswd (server side) or client_auth (client side)");
        }
        if (htpasswd != null && clientAuth != null) {
            throw new InvalidConfigException("client_auth", "set either htpasswd or client_auth, not both");
        }
        if (htpasswd != null && htpasswd.file() == null && htpasswd.inline() == null) {
            throw new InvalidConfigException("htpasswd", "set file or inline");
        }
    }
}
