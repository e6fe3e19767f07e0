package io.spanvault.receiver.otlp.grpc;

import java.io.InputStream;

/**
 * A request message as gRPC hands it over: its stream, not yet read. The call reads it under admission
 * control while gRPC keeps the stream open (until the listener's {@code onMessage} returns), so not even the
 * copy out of the network buffers happens for a call that does not fit.
 */
record WireRequest(InputStream stream) {
}
