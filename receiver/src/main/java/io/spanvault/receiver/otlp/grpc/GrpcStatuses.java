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
 * The gRPC status for a refused export, as the OTLP spec asks: INVALID_ARGUMENT for data that can never be
 * accepted; RESOURCE_EXHAUSTED with {@code RetryInfo} for back-pressure (admission control, the
 * memory_limiter, a full queue), which SDKs retry only because RetryInfo is present; UNAVAILABLE with
 * {@code RetryInfo} when a component is down or stopping.
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
        RetryableException retryable = (RetryableException) failure;
        Duration delay = retryable.retryAfter().orElse(DEFAULT_RETRY_DELAY);
        return retryable(retryable.throttling() ? Code.RESOURCE_EXHAUSTED : Code.UNAVAILABLE, message(failure),
                delay);
    }

    /** The answer to a call refused by admission control: slow down and retry after the delay. */
    static StatusRuntimeException resourceExhausted(String message) {
        return retryable(Code.RESOURCE_EXHAUSTED, message, DEFAULT_RETRY_DELAY);
    }

    /** The answer when the receiver itself failed (an Error): retryable, never INTERNAL, which SDKs drop. */
    static StatusRuntimeException unavailable(String message) {
        return retryable(Code.UNAVAILABLE, message, DEFAULT_RETRY_DELAY);
    }

    private static StatusRuntimeException retryable(Code code, String message, Duration delay) {
        RetryInfo retry = RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                .setSeconds(delay.getSeconds()).setNanos(delay.getNano())).build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber()).setMessage(message).addDetails(Any.pack(retry)).build());
    }

    private static String message(ConsumerException failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
