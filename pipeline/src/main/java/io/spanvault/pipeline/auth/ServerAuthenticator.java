package io.spanvault.pipeline.auth;

/**
 * An extension that checks a request's credentials before a server does anything with it (the collector's
 * {@code extensionauth.Server}). Implementations compare secrets in constant time and never log them.
 */
public interface ServerAuthenticator {

    /** Whether the headers carry valid credentials; called on I/O threads, so it must not block. */
    boolean authenticate(RequestHeaders headers);

    /** The {@code WWW-Authenticate} value a 401 carries, e.g. {@code Basic realm="spanvault"}. */
    String challenge();
}
