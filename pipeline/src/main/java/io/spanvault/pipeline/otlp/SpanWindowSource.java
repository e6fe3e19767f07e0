package io.spanvault.pipeline.otlp;

/**
 * An exporter that stores spans only when they start inside a {@link SpanWindow}. A receiver finds the sources
 * among the exporters its pipelines end in ({@code Host.exportersFedBy}) and rejects spans outside their windows
 * before the pipeline, as an OTLP partial success: once batched with other senders' spans, a span the store
 * leaves out could no longer be reported to its own sender.
 */
public interface SpanWindowSource {
    /** The window at this moment. */
    SpanWindow spanWindow();
}
