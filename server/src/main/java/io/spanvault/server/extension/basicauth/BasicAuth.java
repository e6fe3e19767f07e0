package io.spanvault.server.extension.basicauth;

import io.spanvault.pipeline.auth.ClientAuthenticator;
import io.spanvault.pipeline.auth.RequestHeaders;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic authentication: as a server authenticator it checks {@code Authorization: Basic …} against
 * htpasswd users (the file is read again within a second of a change); as a client one it sends the
 * configured user and password. Credentials are never logged.
 */
final class BasicAuth implements Extension, ServerAuthenticator, ClientAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(BasicAuth.class);
    private static final String PREFIX = "basic ";

    private final String id;
    private final BasicAuthConfig config;
    private final WatchedFiles file;
    private volatile HtpasswdUsers users;
    private final String clientHeader;

    BasicAuth(String id, BasicAuthConfig config) {
        config.requireOneSide();
        this.id = id;
        this.config = config;
        BasicAuthConfig.Htpasswd htpasswd = config.htpasswd();
        this.file = htpasswd == null || htpasswd.file() == null ? null
                : new WatchedFiles(List.of(htpasswd.file()), Duration.ofSeconds(1));
        this.users = htpasswd == null ? null : loadUsers();
        this.clientHeader = config.clientAuth() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (config.clientAuth().username() + ":" + config.clientAuth().password())
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void start(Host host) {
    }

    @Override
    public boolean authenticate(RequestHeaders headers) {
        if (users == null) {
            return false;
        }
        String value = headers.get("authorization");
        if (value == null || value.length() <= PREFIX.length()
                || !value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(PREFIX.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && current().verify(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    @Override
    public String challenge() {
        return "Basic realm=\"spanvault\", charset=\"UTF-8\"";
    }

    @Override
    public Map<String, String> headers() {
        if (clientHeader == null) {
            throw new IllegalStateException(id + " has no client_auth; it can only authenticate servers");
        }
        return Map.of("Authorization", clientHeader);
    }

    private HtpasswdUsers current() {
        if (file != null && file.changed()) {
            try {
                users = loadUsers();
                LOG.info("{}: read the changed htpasswd file {}", id, config.htpasswd().file());
            } catch (InvalidConfigException e) {
                LOG.warn("{}: keeping the previous users: {}", id, e.getMessage());
            }
        }
        return users;
    }

    private HtpasswdUsers loadUsers() {
        BasicAuthConfig.Htpasswd htpasswd = config.htpasswd();
        HtpasswdUsers loaded = HtpasswdUsers.parse("", "htpasswd");
        if (htpasswd.file() != null) {
            try {
                loaded = HtpasswdUsers.parse(Files.readString(Path.of(htpasswd.file()), StandardCharsets.UTF_8),
                        "htpasswd.file");
            } catch (IOException e) {
                throw new InvalidConfigException("htpasswd.file", "cannot read '" + htpasswd.file() + "': " + e);
            }
        }
        if (htpasswd.inline() != null) {
            loaded = loaded.with(HtpasswdUsers.parse(htpasswd.inline(), "htpasswd.inline"));
        }
        return loaded;
    }

    @Override
    public void close() {
    }
}
