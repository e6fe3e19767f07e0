package io.spanvault.storage;

/** A backend that stores and serves traces; closing it makes everything written durable and frees it. */
public interface TraceStore extends TraceWriter, TraceReader, AutoCloseable {
    @Override
    void close();
}
