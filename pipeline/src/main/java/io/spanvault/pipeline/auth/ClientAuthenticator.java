package io.spanvault.pipeline.auth;

import java.util.Map;

/** An extension that gives an exporter's requests their credentials (the collector's {@code extensionauth.Client}). */
public interface ClientAuthenticator {

    /** The headers to add to the next request; may change over time (a re-read token file). */
    Map<String, String> headers();
}
