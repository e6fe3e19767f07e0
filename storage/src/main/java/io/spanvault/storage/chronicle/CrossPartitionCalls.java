package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Counts the calls whose parent and child spans were written to different partitions: another hour (a trace
 * across an hour's end, a parent arriving late) or another generation of the same hour. A lane pairs a new
 * chunk only with the trace's chunks in its own partition; this pairs it, once it is written, with the
 * trace's spans in the partitions of the hour before, the same hour and the hour after, and adds what it
 * finds to the written partition's service map. A call still counts once, when the later of its two spans is
 * written. Not counted: the two spans written at the same moment by two writers into different partitions.
 */
final class CrossPartitionCalls {
    private CrossPartitionCalls() {
    }

    /**
     * Pairs the {@code chunks} just written to {@code written} with the spans of their traces in
     * {@code neighbours} (partitions of the hours around it, {@code written} itself left out).
     */
    static void pair(Partition written, List<Chunk> chunks, Collection<Partition> neighbours) throws IOException {
        if (neighbours.isEmpty()) {
            return;
        }
        long hour = written.id().hour();
        long hourEnd = (hour + 1) * ChunkAssembler.HOUR_NANOS;
        DependencyLinks.Delta calls = new DependencyLinks.Delta();
        for (Chunk c : chunks) {
            boolean waiting = CallPairing.waitsForParent(c.calls());
            // a span's children start within it: only a span lasting past the hour can have them in the next
            boolean mayParentNextHour = c.startMax() + Math.max(0, c.durationMax()) >= hourEnd;
            for (Partition q : neighbours) {
                long h = q.id().hour();
                if (h < hour && !waiting || h > hour && !waiting && !mayParentNextHour) {
                    continue;
                }
                // without spans of its own waiting, the chunk can only be the parent of spans waiting there
                List<CallSpans> there = q.callSpans(c.traceId(), !waiting);
                if (!there.isEmpty()) {
                    CallPairing.pairAcross(c.calls(), there, calls);
                }
            }
        }
        written.addCalls(calls);
    }
}
