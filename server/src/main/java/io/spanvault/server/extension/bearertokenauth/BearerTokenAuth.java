package io.spanvault.server.extension.bearertokenauth;

import io.spanvault.pipeline.auth.ClientAuthenticator;
import io.spanvault.pipeline.auth.RequestHeaders;
import io.spanvault.pipeline.auth.Secrets;
import io.spanvault.pipeline.auth.ServerAuthenticator;
import io.spanvault.pipeline.component.Extension;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.config.WatchedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A static bearer token, or one kept in a file and read again within a second of a change; a token file
 * that cannot be read keeps the token it had. The expected header value is compared in constant time, and
 * neither it nor what clients send is ever logged.
 */
final class BearerTokenAuth implements Extension, ServerAuthenticator, ClientAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenAuth.class);
    /** How often a token file is looked at: a stat per second at most, from the requests themselves. */
    static final Duration FILE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final String id;
    private final BearerTokenAuthConfig config;
    private final String headerName;
    private final WatchedFiles file;
    private volatile String expected;

    BearerTokenAuth(String id, BearerTokenAuthConfig config) {
        config.requireToken();
        this.id = id;
        this.config = config;
        this.headerName = config.header().toLowerCase(Locale.ROOT);
        this.file = config.filename() == null ? null
                : new WatchedFiles(List.of(config.filename()), FILE_CHECK_INTERVAL);
        this.expected = headerValue(config.token() != null ? config.token() : readFile());
    }

    @Override
    public void start(Host host) {
    }

    @Override
    public boolean authenticate(RequestHeaders headers) {
        return Secrets.equal(headers.get(headerName), current());
    }

    @Override
    public String challenge() {
        return config.scheme() + " realm=\"spanvault\"";
    }

    @Override
    public Map<String, String> headers() {
        return Map.of(config.header(), current());
    }

    private String current() {
        if (file != null && file.changed()) {
            try {
                expected = headerValue(readFile());
                LOG.info("{}: read the changed token file {}", id, config.filename());
            } catch (InvalidConfigException e) {
                LOG.warn("{}: keeping the previous token: {}", id, e.problem());
            }
        }
        return expected;
    }

    private String readFile() {
        try {
            String token = Files.readString(Path.of(config.filename()), StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new InvalidConfigException("filename", "'" + config.filename() + "' holds no token");
            }
            return token;
        } catch (IOException e) {
            throw new InvalidConfigException("filename", "cannot read '" + config.filename() + "': " + e);
        }
    }

    private String headerValue(String token) {
        return config.scheme().isEmpty() ? token : config.scheme() + " " + token;
    }

    @Override
    public void close() {
    }
}
