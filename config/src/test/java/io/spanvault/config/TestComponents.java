package io.spanvault.config;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.component.Extension;
import io.spanvault.pipeline.component.ExtensionFactory;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.component.Receiver;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.component.ReceiverFactory;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Component types shaped like the real ones (nested protocol sections, durations, endpoints, enums, lists,
 * maps), so the loader's binding and checks are tested without the component modules.
 */
final class TestComponents {
    private TestComponents() {
    }

    static ComponentRegistry registry() {
        return new ComponentRegistry(List.of(new OtlpReceiverFactory(), new ZipkinReceiverFactory(),
                new BatchFactory(), new DebugFactory(), new StoreFactory(), new HealthFactory()));
    }

    record OtlpConfig(Protocols protocols) {
    }

    record Protocols(Grpc grpc, Http http) {
    }

    record Grpc(Endpoint endpoint, Integer maxRecvMsgSizeMib) {
        Grpc {
            endpoint = endpoint == null ? new Endpoint("127.0.0.1", 4317) : endpoint;
            maxRecvMsgSizeMib = maxRecvMsgSizeMib == null ? 4 : maxRecvMsgSizeMib;
            if (maxRecvMsgSizeMib <= 0) {
                throw new InvalidConfigException("max_recv_msg_size_mib", "must be positive, got " + maxRecvMsgSizeMib);
            }
        }
    }

    /** Names its key relative to the component, as a record might that is only ever built under one parent. */
    record Http(Endpoint endpoint, Map<String, String> headers) {
        Http {
            endpoint = endpoint == null ? new Endpoint("127.0.0.1", 4318) : endpoint;
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            if (endpoint.port() == 4317) {
                throw new InvalidConfigException("protocols.http.endpoint", "port 4317 is for gRPC");
            }
        }
    }

    record BatchConfig(Integer sendBatchSize, Duration timeout, Boolean enabled) {
        BatchConfig {
            sendBatchSize = sendBatchSize == null ? 8192 : sendBatchSize;
            timeout = timeout == null ? Duration.ofMillis(200) : timeout;
        }
    }

    enum Verbosity { BASIC, NORMAL, DETAILED }

    record DebugConfig(Verbosity verbosity) {
        DebugConfig {
            verbosity = verbosity == null ? Verbosity.BASIC : verbosity;
        }
    }

    record StoreConfig(String dataDir, List<String> tags) {
        StoreConfig {
            dataDir = dataDir == null ? "./data" : dataDir;
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    record HealthConfig(Endpoint endpoint) {
        HealthConfig {
            endpoint = endpoint == null ? new Endpoint("127.0.0.1", 13133) : endpoint;
        }
    }

    static final class OtlpReceiverFactory implements ReceiverFactory<OtlpConfig> {
        @Override
        public String type() {
            return "otlp";
        }

        @Override
        public Class<OtlpConfig> configType() {
            return OtlpConfig.class;
        }

        @Override
        public OtlpConfig defaultConfig() {
            return new OtlpConfig(null);
        }

        @Override
        public Receiver create(ComponentContext context, OtlpConfig config, ReceiverConsumers consumers) {
            return new Receiver() {
            };
        }
    }

    static final class ZipkinReceiverFactory implements ReceiverFactory<HealthConfig> {
        @Override
        public String type() {
            return "zipkin";
        }

        @Override
        public List<Signal<?>> signals() {
            return List.of(Signal.TRACES);
        }

        @Override
        public Class<HealthConfig> configType() {
            return HealthConfig.class;
        }

        @Override
        public HealthConfig defaultConfig() {
            return new HealthConfig(null);
        }

        @Override
        public Receiver create(ComponentContext context, HealthConfig config, ReceiverConsumers consumers) {
            return new Receiver() {
            };
        }
    }

    static final class BatchFactory implements ProcessorFactory<BatchConfig> {
        @Override
        public String type() {
            return "batch";
        }

        @Override
        public Class<BatchConfig> configType() {
            return BatchConfig.class;
        }

        @Override
        public BatchConfig defaultConfig() {
            return new BatchConfig(null, null, null);
        }

        @Override
        public <T extends Message> Processor<T> create(ComponentContext context, BatchConfig config, Signal<T> signal,
                SignalConsumer<T> next) {
            return new Processor<>() {
                @Override
                public java.util.concurrent.CompletionStage<Void> consume(T data) {
                    return next.consume(data);
                }
            };
        }
    }

    static final class DebugFactory implements ExporterFactory<DebugConfig> {
        @Override
        public String type() {
            return "debug";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("logging");
        }

        @Override
        public Class<DebugConfig> configType() {
            return DebugConfig.class;
        }

        @Override
        public DebugConfig defaultConfig() {
            return new DebugConfig(null);
        }

        @Override
        public <T extends Message> Exporter<T> create(ComponentContext context, DebugConfig config, Signal<T> signal) {
            return new Exporter<>() {
                @Override
                public java.util.concurrent.CompletionStage<Void> consume(T data) {
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }

    static final class StoreFactory implements ExporterFactory<StoreConfig> {
        @Override
        public String type() {
            return "store";
        }

        @Override
        public List<Signal<?>> signals() {
            return List.of(Signal.TRACES);
        }

        @Override
        public Class<StoreConfig> configType() {
            return StoreConfig.class;
        }

        @Override
        public StoreConfig defaultConfig() {
            return new StoreConfig(null, null);
        }

        @Override
        public <T extends Message> Exporter<T> create(ComponentContext context, StoreConfig config, Signal<T> signal) {
            return new Exporter<>() {
                @Override
                public java.util.concurrent.CompletionStage<Void> consume(T data) {
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }

    static final class HealthFactory implements ExtensionFactory<HealthConfig> {
        @Override
        public String type() {
            return "health_check";
        }

        @Override
        public Class<HealthConfig> configType() {
            return HealthConfig.class;
        }

        @Override
        public HealthConfig defaultConfig() {
            return new HealthConfig(null);
        }

        @Override
        public Extension create(ComponentContext context, HealthConfig config) {
            return new Extension() {
            };
        }
    }
}
