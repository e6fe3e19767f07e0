package io.spanvault.kafka.exporter;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.exporter.sending.SendingExporter;
import io.spanvault.kafka.client.Encoding;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.otlp.SpanGroups;
import io.spanvault.pipeline.signal.Signal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes one export request to Kafka as one message (or one per trace with {@code partition_traces_by_id})
 * and completes only once Kafka acknowledged every message as {@code required_acks} asks. Kafka's retriable
 * errors (no broker reachable, no leader, a timeout) are retryable, so the sending queue and
 * {@code retry_on_failure} keep the data; anything else (a message over {@code max_message_bytes}, an
 * authorization failure) is permanent.
 */
final class KafkaProducerClient<T extends Message> implements SendingExporter.Client<T> {
    private static final HexFormat HEX = HexFormat.of();

    private final KafkaExporterConfig config;
    private final Signal<T> signal;
    private final String exporter;
    private final String topic;
    private final Encoding encoding;
    private final boolean keyByTraceId;
    private final KafkaExporterMetrics metrics;
    private Producer<byte[], byte[]> producer;
    /** {@code send} may wait up to {@code timeout} for metadata while no broker answers; not on the caller's thread. */
    private ExecutorService sendThread;

    KafkaProducerClient(KafkaExporterConfig config, Signal<T> signal, String exporter, KafkaExporterMetrics metrics) {
        this.config = config;
        this.signal = signal;
        this.exporter = exporter;
        this.topic = config.topic(signal);
        this.encoding = config.encoding(signal);
        this.keyByTraceId = config.partitionTracesById() && signal == Signal.TRACES;
        this.metrics = metrics;
    }

    /** The Java client's producer properties for this config. */
    static Map<String, Object> properties(KafkaExporterConfig config) {
        Map<String, Object> props = config.connection().properties();
        config.producer().putInto(props);
        Duration timeout = config.timeout();
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        props.put("max.block.ms", timeoutMs);
        props.put("request.timeout.ms", timeoutMs);
        // the client requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        props.put("delivery.timeout.ms", (int) Math.min(Integer.MAX_VALUE, timeoutMs + config.producer().linger().toMillis()));
        return props;
    }

    @Override
    public void start(Host host) {
        producer = new KafkaProducer<>(properties(config), new ByteArraySerializer(), new ByteArraySerializer());
        sendThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spanvault-kafka-send-" + exporter);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletionStage<Void> send(T request) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        List<ProducerRecord<byte[], byte[]>> records = records(request);
        if (records.isEmpty()) {
            result.complete(null);
            return result;
        }
        sendThread.execute(() -> produce(records, result));
        return result;
    }

    private List<ProducerRecord<byte[], byte[]>> records(T request) {
        if (!keyByTraceId) {
            return List.of(new ProducerRecord<>(topic, encoding.encode(request)));
        }
        Map<ByteString, ExportTraceServiceRequest> traces = SpanGroups.split((ExportTraceServiceRequest) request,
                Span::getTraceId);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(traces.size());
        traces.forEach((traceId, trace) -> records.add(new ProducerRecord<>(topic,
                HEX.formatHex(traceId.toByteArray()).getBytes(StandardCharsets.US_ASCII), encoding.encode(trace))));
        return records;
    }

    private void produce(List<ProducerRecord<byte[], byte[]>> records, CompletableFuture<Void> result) {
        long start = System.nanoTime();
        AtomicInteger left = new AtomicInteger(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            int bytes = record.value().length;
            try {
                producer.send(record, (metadata, error) -> {
                    metrics.record(topic, metadata == null ? -1 : metadata.partition(), error == null, bytes);
                    if (error != null) {
                        if (result.completeExceptionally(classify(error))) {
                            metrics.writeLatency(topic, false, System.nanoTime() - start);
                        }
                    } else if (left.decrementAndGet() == 0 && result.complete(null)) {
                        metrics.writeLatency(topic, true, System.nanoTime() - start);
                    }
                });
            } catch (KafkaException | IllegalStateException e) {
                metrics.record(topic, -1, false, bytes);
                if (result.completeExceptionally(classify(e))) {
                    metrics.writeLatency(topic, false, System.nanoTime() - start);
                }
                return;
            }
        }
    }

    private ConsumerException classify(Throwable error) {
        String message = "exporter " + exporter + ": Kafka did not take the " + signal.itemName() + " for topic "
                + topic + ": " + error.getClass().getSimpleName() + ": " + error.getMessage();
        boolean retryable = error instanceof RetriableException
                || error instanceof org.apache.kafka.common.errors.InterruptException;
        return retryable ? new RetryableException(message, null, error) : new PermanentException(message, error);
    }

    @Override
    public void close() {
        if (sendThread != null) {
            sendThread.shutdown();
            try {
                sendThread.awaitTermination(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(config.timeout());
        }
    }
}
