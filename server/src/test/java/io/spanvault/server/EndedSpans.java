package io.spanvault.server;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;

/** Keeps the SDK's ended spans, so a test exports them itself and sees each acknowledgement. */
class EndedSpans implements SpanProcessor {
    private final List<SpanData> ended = new ArrayList<>();

    /** The oldest {@code count} spans not yet taken. */
    synchronized List<SpanData> take(int count) {
        List<SpanData> taken = List.copyOf(ended.subList(0, count));
        ended.subList(0, count).clear();
        return taken;
    }

    synchronized List<SpanData> takeAll() {
        return take(ended.size());
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public synchronized void onEnd(ReadableSpan span) {
        ended.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }
}
