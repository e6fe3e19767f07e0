package io.spanvault.server.extension.bearertokenauth;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code bearertokenauth} extension's config, as the collector's: the {@code token} itself, or a
 * {@code filename} holding it (re-read when it changes, so a rotated token takes effect without a restart);
 * {@code scheme} (default {@code Bearer}) and {@code header} (default {@code Authorization}) say how it is
 * sent: {@code <header>: <scheme> <token>}. Serves both sides: servers check the header, exporters add it.
 */
public record BearerTokenAuthConfig(String scheme, String token, String filename, String header) {
    public BearerTokenAuthConfig {
        if (scheme == null) {
            scheme = "Bearer";
        }
        if (header == null || header.isBlank()) {
            header = "Authorization";
        }
        if (token != null && token.isEmpty()) {
            token = null;
        }
        if (filename != null && filename.isBlank()) {
            filename = null;
        }
    }

    /** Refuses a config without a token source; run when the extension is created, not for the defaults. */
    void requireToken() {
        if (token == null && filename == null) {
            throw new InvalidConfigException("token", "set token or filename");
        }
        if (token != null && filename != null) {
            throw new InvalidConfigException("filename", "set either token or filename, not both");
        }
        if (filename != null && !Files.isReadable(Path.of(filename))) {
            throw new InvalidConfigException("filename", "cannot read file " + filename);
        }
    }
}
