package io.spanvault.pipeline.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.spanvault.pipeline.auth.AuthConfig;
import io.spanvault.pipeline.auth.Authenticators;
import io.spanvault.pipeline.auth.RequestHeaders;
import io.spanvault.pipeline.auth.ServerAuthenticator;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.cors.CorsConfig;
import io.spanvault.pipeline.cors.CorsPolicy;
import io.spanvault.pipeline.tls.ServerTls;
import io.spanvault.pipeline.tls.TlsServerConfig;
import javax.net.ssl.SSLException;

/**
 * What one HTTP server does before its routes see a request, from its shared {@code tls}, {@code cors} and
 * {@code auth} settings: the TLS context (null for plain HTTP), the CORS policy, and the authenticator (null
 * when every request is let in). Resolved once when the server starts, since {@code auth} names an extension.
 */
public record ServerSecurity(SslContext tls, CorsPolicy cors, ServerAuthenticator authenticator) {
    public static final ServerSecurity NONE = new ServerSecurity(null, CorsPolicy.of(null), null);

    public ServerSecurity {
        if (cors == null) {
            cors = CorsPolicy.of(null);
        }
    }

    /**
     * Loads the TLS files and finds the authenticator; problems are {@link InvalidConfigException}s naming
     * the key ({@code tls.cert_file}, {@code auth.authenticator}, …).
     *
     * @param server names the server in log lines, e.g. {@code query}
     */
    public static ServerSecurity resolve(String server, Host host, TlsServerConfig tls, CorsConfig cors,
            AuthConfig auth) {
        SslContext context = null;
        if (tls != null) {
            try {
                context = ServerTls.load(tls, server).nettyContext();
            } catch (SSLException e) {
                throw new InvalidConfigException("tls", "cannot set up TLS: " + e.getMessage());
            }
        }
        return new ServerSecurity(context, CorsPolicy.of(cors), Authenticators.server(host, auth));
    }

    /** Whether a request with these headers may go on; always for a server without {@code auth}. */
    public boolean admits(HttpHeaders headers) {
        return authenticator == null || authenticator.authenticate(lookup(headers));
    }

    /** Adds the {@code WWW-Authenticate} challenge of a 401. */
    public void challenge(HttpHeaders response) {
        if (authenticator != null) {
            response.set(HttpHeaderNames.WWW_AUTHENTICATE, authenticator.challenge());
        }
    }

    public static RequestHeaders lookup(HttpHeaders headers) {
        return headers::get;
    }
}
