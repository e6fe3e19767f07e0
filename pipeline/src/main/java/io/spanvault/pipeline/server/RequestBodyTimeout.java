package io.spanvault.pipeline.server;

import io.spanvault.pipeline.config.GoDuration;
import java.time.Duration;

/**
 * The user event fired down a connection's pipeline when the body of the request being read is cut off by a
 * timeout. A handler that can answer in the request's own format (an OTLP {@code Status}) writes that
 * response while handling the event; otherwise a plain-text 400 is sent. Either way the connection closes
 * once the answer is written, since the rest of the body will not be read.
 *
 * @param key     the config key whose timeout ran out ({@code read_timeout} or {@code idle_timeout})
 * @param timeout its value
 */
public record RequestBodyTimeout(String key, Duration timeout) {
    /** The answer's message, naming the key, as a 400 for a body read that failed. */
    public String message() {
        return "request body not received within " + key + " (" + GoDuration.format(timeout) + ")";
    }
}
