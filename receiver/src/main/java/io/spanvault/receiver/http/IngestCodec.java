package io.spanvault.receiver.http;

import com.google.rpc.Code;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.spanvault.pipeline.consumer.PermanentException;
import java.io.IOException;
import java.util.concurrent.CompletionStage;

/** Decodes one kind of request body, hands it to the pipeline and writes the route's answers. */
public interface IngestCodec {

    /**
     * Decodes the whole (inflated) body, which the caller releases afterwards, and hands it to the pipeline.
     * The stage completes with the success response once the pipeline accepted the data, or fails with the
     * pipeline's {@link io.spanvault.pipeline.consumer.ConsumerException}.
     *
     * @throws PermanentException when the body is not a valid request; its message names the problem
     */
    CompletionStage<FullHttpResponse> ingest(ByteBuf body);

    /**
     * Whether {@link #ingest} may hold the calling thread (its pipeline blocks its caller, see
     * {@link io.spanvault.pipeline.consumer.SignalConsumer#blocksCaller}). When not, bodies are decoded and
     * handed to the pipeline on the connection's event loop instead of a thread of the server's executor.
     */
    default boolean blocksCaller() {
        return true;
    }

    /** The heap that decoding the (inflated) body will take, estimated without decoding, for admission control. */
    long decodedEstimate(ByteBuf body) throws IOException;

    /** An error answer in the route's shape (OTLP: a {@code google.rpc.Status}; Zipkin: text). */
    FullHttpResponse error(HttpResponseStatus status, Code code, String message);
}
