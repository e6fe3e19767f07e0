package io.spanvault.receiver.otlp.grpc;

import io.grpc.MethodDescriptor;
import java.io.InputStream;

/**
 * Hands an export request's stream to the call unread, so that admission control comes before any copy or
 * decoding ({@link AdmittedExportCall} reads it). Server side only: this receiver never sends requests.
 */
final class RequestMarshaller implements MethodDescriptor.Marshaller<WireRequest> {

    @Override
    public InputStream stream(WireRequest value) {
        throw new UnsupportedOperationException("the OTLP receiver only receives export requests");
    }

    @Override
    public WireRequest parse(InputStream stream) {
        return new WireRequest(stream);
    }
}
