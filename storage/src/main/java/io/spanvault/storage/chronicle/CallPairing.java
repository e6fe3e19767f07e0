package io.spanvault.storage.chronicle;

import java.util.List;

/**
 * Finds the calls between services that a new chunk of a trace completes: a child span and its parent span in
 * another service, counted once, when the later of the two is written. Pairs within the new chunk count, and
 * pairs of a span in the new chunk with one in the trace's earlier chunks of the lane (a late parent or a
 * late child); pairs among earlier chunks were counted when they were written.
 */
final class CallPairing {
    private CallPairing() {
    }

    /**
     * Receives one call: {@code parent} service called {@code child}; {@code error} if the child span failed;
     * {@code childStart} when the child span started (nanoseconds since the epoch).
     */
    interface CallSink {
        void call(String parent, String child, boolean error, long childStart);
    }

    /** Counts the new chunk's own calls; true when one of its spans has a parent not in it. */
    static boolean pairWithin(CallSpans chunk, CallSink sink) {
        boolean unmatched = false;
        for (int i = 0; i < chunk.size(); i++) {
            long parent = chunk.parentId(i);
            if (parent == 0) {
                continue;
            }
            String parentService = chunk.serviceOf(parent);
            if (parentService == null) {
                unmatched = true;
            } else {
                count(parentService, chunk, i, sink);
            }
        }
        return unmatched;
    }

    /** Whether a span of the chunk has a parent not in it. */
    static boolean waitsForParent(CallSpans chunk) {
        for (int i = 0; i < chunk.size(); i++) {
            long parent = chunk.parentId(i);
            if (parent != 0 && chunk.serviceOf(parent) == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts the calls between the new chunk and the trace's earlier chunks (its own were counted by
     * {@link #pairWithin}); true when a span of either still has a parent in neither.
     */
    static boolean pairAcross(CallSpans chunk, List<CallSpans> earlier, CallSink sink) {
        boolean unmatched = false;
        for (int i = 0; i < chunk.size(); i++) {
            long parent = chunk.parentId(i);
            if (parent == 0 || chunk.serviceOf(parent) != null) {
                continue;
            }
            String parentService = serviceIn(earlier, parent);
            if (parentService == null) {
                unmatched = true;
            } else {
                count(parentService, chunk, i, sink);
            }
        }
        for (CallSpans old : earlier) {
            for (int i = 0; i < old.size(); i++) {
                long parent = old.parentId(i);
                if (parent == 0 || serviceIn(earlier, parent) != null) {
                    continue;
                }
                String parentService = chunk.serviceOf(parent);
                if (parentService == null) {
                    unmatched = true;
                } else {
                    count(parentService, old, i, sink);
                }
            }
        }
        return unmatched;
    }

    private static String serviceIn(List<CallSpans> chunks, long spanId) {
        for (CallSpans c : chunks) {
            String service = c.serviceOf(spanId);
            if (service != null) {
                return service;
            }
        }
        return null;
    }

    private static void count(String parentService, CallSpans spans, int child, CallSink sink) {
        if (!parentService.equals(spans.service(child))) {
            sink.call(parentService, spans.service(child), spans.error(child), spans.start(child));
        }
    }
}
