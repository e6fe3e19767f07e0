package io.spanvault.connector.aggregation;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import java.util.ArrayList;
import java.util.List;

/**
 * The first {@code max} spans recorded into a series since the last flush, as exemplars that name their
 * trace and span, so a metric links to the traces behind it. A series that saw no span since the last flush
 * keeps its previous exemplars: a scraper reading the latest point still finds a trace. Not thread-safe.
 */
public final class ExemplarReservoir {
    private final int max;
    private final List<Exemplar> exemplars = new ArrayList<>(2);
    private boolean flushed;

    public ExemplarReservoir(int max) {
        this.max = max;
    }

    public void offer(ByteString traceId, ByteString spanId, double value, long timeUnixNano) {
        if (flushed) {
            exemplars.clear();
            flushed = false;
        }
        if (exemplars.size() < max) {
            exemplars.add(Exemplar.newBuilder().setTraceId(traceId).setSpanId(spanId).setAsDouble(value)
                    .setTimeUnixNano(timeUnixNano).build());
        }
    }

    /** The exemplars of the spans since the last flush, or the previous ones when there were none. */
    public List<Exemplar> flush() {
        flushed = true;
        return List.copyOf(exemplars);
    }
}
