package io.spanvault.receiver.otlp.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import com.google.protobuf.Message;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.spanvault.pipeline.admission.Admission;
import io.spanvault.pipeline.admission.DecodedSize;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.receiver.otlp.ExportHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unary {@code Export} call under admission control. A call is refused RESOURCE_EXHAUSTED with
 * {@code RetryInfo} at once while the receiver's budget is full; otherwise its message is read out of gRPC's
 * buffers only once the budget takes its bytes and room to decode them, and decoded only once it takes the
 * estimate of its decoded size. Whatever fails, the call is closed with a status the client can act on,
 * never left open and never INTERNAL.
 */
final class AdmittedExportCall<T extends Message, R extends Message> implements ServerCallHandler<WireRequest, R> {
    private static final Logger LOG = LoggerFactory.getLogger(AdmittedExportCall.class);
    /** The first buffer an inflating request is read into, doubled as it fills: most requests fit in it. */
    private static final int INFLATE_START = 16 * 1024;

    private final ExportHandler<T, R> handler;
    private final Admission admission;
    private final Executor exports;

    /** @param exports where to decode and export when the pipeline may block its caller; null: on the calling thread */
    AdmittedExportCall(ExportHandler<T, R> handler, Admission admission, Executor exports) {
        this.handler = handler;
        this.admission = admission;
        this.exports = exports;
    }

    @Override
    public ServerCall.Listener<WireRequest> startCall(ServerCall<WireRequest, R> call, Metadata headers) {
        Admission.Reservation reservation = admission.open();
        if (admission.full()) {
            close(call, GrpcStatuses.resourceExhausted("request not read: " + reservation.refusal()));
            return new ServerCall.Listener<>() {
            };
        }
        // two, so that a second message (a client breaking the unary contract) is seen and refused
        call.request(2);
        return new Exchange(call, reservation);
    }

    private final class Exchange extends ServerCall.Listener<WireRequest> {
        private final ServerCall<WireRequest, R> call;
        private final Admission.Reservation reservation;
        private ByteString request;
        private boolean closed;
        /** Set once the pipeline holds the decoded request: its share is given back when the pipeline answers. */
        private volatile boolean exporting;

        Exchange(ServerCall<WireRequest, R> call, Admission.Reservation reservation) {
            this.call = call;
            this.reservation = reservation;
        }

        @Override
        public void onMessage(WireRequest message) {
            if (closed) {
                return;
            }
            if (request != null) {
                finish(Status.INVALID_ARGUMENT.withDescription("Export is unary: more than one request message")
                        .asRuntimeException());
                return;
            }
            try {
                request = read(message.stream());
            } catch (StatusRuntimeException e) {
                // RESOURCE_EXHAUSTED above all: a compressed message that inflates past the size limit
                finish(e.getStatus().getCode() == Status.Code.INTERNAL ? Status.INVALID_ARGUMENT.withDescription(
                        "request cannot be read: " + e.getStatus().getDescription()).asRuntimeException() : e);
            } catch (IOException e) {
                finish(Status.INVALID_ARGUMENT.withDescription("request cannot be read: " + e.getMessage())
                        .asRuntimeException());
            } catch (Throwable e) {
                LOG.warn("answering an OTLP/gRPC call UNAVAILABLE after {}", e.toString());
                finish(GrpcStatuses.unavailable("the receiver failed: " + e));
            }
        }

        /** The message's bytes, reserved before they are copied; null (and the call refused) when they do not fit. */
        private ByteString read(InputStream stream) throws IOException {
            if (stream instanceof KnownLength) {
                // not compressed: the size is known before a byte is copied
                int size = stream.available();
                if (!reservation.holding(size)) {
                    finish(GrpcStatuses.resourceExhausted("request not read: " + reservation.refusal()));
                    return null;
                }
                // one copy into an array of the exact size (readNBytes would gather it in 8 KiB steps and copy again)
                byte[] bytes = new byte[size];
                for (int read = 0, n; read < size; read += n) {
                    if ((n = stream.read(bytes, read, size - read)) < 0) {
                        throw new IOException("the message ended after " + read + " of " + size + " bytes");
                    }
                }
                return UnsafeByteOperations.unsafeWrap(bytes);
            }
            // Compressed: inflated as it is read, so reserved as it grows, into one array: protobuf parses an
            // array several times faster than the rope of chunks a ByteString.Output gathers, and a small
            // request no longer costs two 64 KiB buffers.
            byte[] bytes = new byte[INFLATE_START];
            int total = 0;
            for (int n; (n = stream.read(bytes, total, bytes.length - total)) > 0; ) {
                total += n;
                if (!reservation.holding(total)) {
                    finish(GrpcStatuses.resourceExhausted("request not read: " + reservation.refusal()));
                    return null;
                }
                if (total == bytes.length) {
                    // gRPC's size limit ends the stream long before an int overflows
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                }
            }
            return UnsafeByteOperations.unsafeWrap(bytes, 0, total);
        }

        @Override
        public void onHalfClose() {
            if (closed) {
                return;
            }
            if (request == null) {
                finish(Status.INVALID_ARGUMENT.withDescription("no request message").asRuntimeException());
                return;
            }
            ByteString wire = request;
            request = null;
            if (exports == null) {
                exportOrFail(wire);
                return;
            }
            // from here every way out answers the call and so gives the share back, also after a cancel meanwhile
            exporting = true;
            try {
                exports.execute(() -> exportOrFail(wire));
            } catch (Throwable e) {
                LOG.warn("answering an OTLP/gRPC call UNAVAILABLE after {}", e.toString());
                finish(GrpcStatuses.unavailable("the receiver failed: " + e));
            }
        }

        private void exportOrFail(ByteString wire) {
            try {
                export(wire);
            } catch (Throwable e) {
                LOG.warn("answering an OTLP/gRPC call UNAVAILABLE after {}", e.toString());
                finish(GrpcStatuses.unavailable("the receiver failed: " + e));
            }
        }

        private void export(ByteString wire) {
            T prototype = handler.service().requestPrototype();
            long size = wire.size();
            long estimate;
            try {
                estimate = DecodedSize.ofProtobuf(prototype.getDescriptorForType(), wire);
            } catch (InvalidProtocolBufferException e) {
                finish(invalid(e));
                return;
            }
            String refusal = reservation.decoding(size, size, estimate);
            if (refusal != null) {
                finish(GrpcStatuses.resourceExhausted("request not decoded: " + refusal));
                return;
            }
            T message;
            try {
                // The bytes are this call's own copy and never change, so the ids (three per span) and other
                // bytes fields may share them instead of each being copied out.
                CodedInputStream in = wire.newCodedInput();
                in.enableAliasing(true);
                T parsed = handler.service().signal().parser().parseFrom(in);
                // as parseFrom(ByteString) does: a stray end-group tag must not end the message early
                in.checkLastTagWas(0);
                message = parsed;
            } catch (InvalidProtocolBufferException e) {
                finish(invalid(e));
                return;
            }
            exporting = true;
            handler.export(message).whenComplete((response, failure) -> {
                if (failure != null) {
                    finish(GrpcStatuses.of(ConsumerException.of(failure)));
                    return;
                }
                reservation.close();
                try {
                    call.sendHeaders(new Metadata());
                    call.sendMessage(response);
                    call.close(Status.OK, new Metadata());
                } catch (RuntimeException e) {
                    LOG.debug("cannot answer an OTLP/gRPC call: {}", e.toString());
                }
            });
        }

        private StatusRuntimeException invalid(InvalidProtocolBufferException e) {
            return Status.INVALID_ARGUMENT.withDescription("request is not a valid protobuf "
                    + handler.service().signal().name() + " export request: " + e.getMessage()).asRuntimeException();
        }

        private void finish(StatusRuntimeException status) {
            closed = true;
            reservation.close();
            close(call, status);
        }

        @Override
        public void onCancel() {
            // nothing more will be asked of this call; a running export gives its share back when it answers
            if (!exporting) {
                reservation.close();
            }
        }

        @Override
        public void onComplete() {
            reservation.close();
        }
    }

    private static void close(ServerCall<?, ?> call, StatusRuntimeException status) {
        try {
            call.close(status.getStatus(), status.getTrailers() != null ? status.getTrailers() : new Metadata());
        } catch (RuntimeException e) {
            LOG.debug("cannot close an OTLP/gRPC call: {}", e.toString());
        }
    }
}
