package io.spanvault.connector.aggregation;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import java.util.ArrayList;
import java.util.List;

/**
 * The first {@code max} spans recorded into a series since the last flush, as exemplars that name their
 * trace and span, so a metric links to the traces behind it. Not thread-safe.
 */
public final class ExemplarReservoir {
    private final int max;
    private final List<Exemplar> exemplars = new ArrayList<>(2);

    public ExemplarReservoir(int max) {
        this.max = max;
    }

    public void offer(ByteString traceId, ByteString spanId, double value, long timeUnixNano) {
        if (exemplars.size() < max) {
            exemplars.add(Exemplar.newBuilder().setTraceId(traceId).setSpanId(spanId).setAsDouble(value)
                    .setTimeUnixNano(timeUnixNano).build());
        }
    }

    /** The exemplars collected since the last call; the reservoir starts empty again. */
    public List<Exemplar> drain() {
        List<Exemplar> out = List.copyOf(exemplars);
        exemplars.clear();
        return out;
    }
}
