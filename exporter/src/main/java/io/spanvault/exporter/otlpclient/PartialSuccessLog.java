package io.spanvault.exporter.otlpclient;

import io.spanvault.exporter.sending.SendingMetrics;
import io.spanvault.pipeline.signal.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an exporter does with a partial success: the destination kept the rest and retrying would only
 * duplicate it, so the rejected items are logged and counted, never retried.
 */
public final class PartialSuccessLog {
    private static final Logger LOG = LoggerFactory.getLogger(PartialSuccessLog.class);

    private final String exporter;
    private final Signal<?> signal;
    private final SendingMetrics metrics;

    public PartialSuccessLog(String exporter, Signal<?> signal, SendingMetrics metrics) {
        this.exporter = exporter;
        this.signal = signal;
        this.metrics = metrics;
    }

    public void record(OtlpService.PartialSuccess partial) {
        if (partial.isEmpty()) {
            return;
        }
        metrics.rejected(partial.rejected());
        LOG.warn("exporter {}: partial success, destination rejected {} {}: {}", exporter, partial.rejected(),
                signal.itemName(), partial.message());
    }

    /** A 2xx answer whose body could not be read: the data was accepted, so it is only worth a warning. */
    public void unreadable(String problem) {
        LOG.warn("exporter {}: cannot read the destination's success answer: {}", exporter, problem);
    }
}
