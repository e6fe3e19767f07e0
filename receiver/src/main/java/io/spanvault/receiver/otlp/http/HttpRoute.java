package io.spanvault.receiver.otlp.http;

import io.spanvault.receiver.otlp.ExportHandler;
import io.spanvault.receiver.otlp.OtlpService;

/** A signal's URL path and the handler of its requests; null when no pipeline of that signal uses the receiver. */
record HttpRoute(OtlpService<?, ?> service, ExportHandler<?, ?> handler) {
}
