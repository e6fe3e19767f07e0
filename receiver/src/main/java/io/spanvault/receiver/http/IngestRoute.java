package io.spanvault.receiver.http;

/**
 * What a POST to one path of an {@link IngestHttpServer} does with its body. The server owns everything else:
 * connections, TLS, CORS, body limits, decompression, back-pressure and draining on close.
 */
public interface IngestRoute {

    /** The decoder for bodies of this {@code Content-Type} (null when the header is absent), or null if refused. */
    IngestCodec codec(String contentType);

    /** The media types the route takes, named in the 415 answer. */
    String acceptedTypes();

    /** Why the route takes nothing (no pipeline uses its signal), or null when it is served. */
    String unavailable();
}
