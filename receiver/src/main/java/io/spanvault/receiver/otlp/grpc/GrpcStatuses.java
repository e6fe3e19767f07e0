package io.spanvault.receiver.otlp.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import java.time.Duration;

/**
 * The gRPC status for a refused export, as the collector answers: INVALID_ARGUMENT for data that can never
 * be accepted, UNAVAILABLE with {@code RetryInfo} for back-pressure, so SDKs retry after the delay.
 */
final class GrpcStatuses {
    /** The delay suggested when the refusing component does not name one. */
    static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

    private GrpcStatuses() {
    }

    static StatusRuntimeException of(ConsumerException failure) {
        if (failure instanceof PermanentException) {
            return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.INVALID_ARGUMENT_VALUE).setMessage(message(failure)).build());
        }
        Duration delay = ((RetryableException) failure).retryAfter().orElse(DEFAULT_RETRY_DELAY);
        RetryInfo retry = RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                .setSeconds(delay.getSeconds()).setNanos(delay.getNano())).build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.UNAVAILABLE_VALUE).setMessage(message(failure)).addDetails(Any.pack(retry)).build());
    }

    private static String message(ConsumerException failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
