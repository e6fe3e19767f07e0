package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Counts the calls whose parent and child spans were written to different partitions: another hour (a trace
 * across an hour's end, a parent arriving late) or another generation of the same hour. A lane pairs a new
 * chunk only with the trace's chunks in its own partition; this pairs it, once it is written, with the
 * trace's spans in the partitions of the hour before, the same hour and the hour after, and adds what it
 * finds to the written partition's service map. A call still counts once, when the later of its two spans is
 * written. Not counted: the two spans written at the same moment by two writers into different partitions.
 *
 * <p>The pieces of the trace it meets there also join the trace's bounds ({@link TraceHeads}): the written
 * partition's head and each of theirs take in the union of all, so a search bounding the whole trace's
 * duration learns it from the head of any piece. Pieces it does not look at (see {@link #pair}) stay out of
 * the others' bounds, as their calls stay out of the service map.
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
        List<Partition> holding = new ArrayList<>();
        for (Chunk c : chunks) {
            boolean waiting = CallPairing.waitsForParent(c.calls());
            // a span's children start within it: only a span lasting past the hour can have them in the next
            boolean mayParentNextHour = c.startMax() + Math.max(0, c.durationMax()) >= hourEnd;
            long start = c.startMin();
            long end = c.calls().latestEnd();
            boolean unknown = false;
            holding.clear();
            for (Partition q : neighbours) {
                long h = q.id().hour();
                if (h < hour && !waiting || h > hour && !waiting && !mayParentNextHour) {
                    continue;
                }
                // without spans of its own waiting, the chunk can only be the parent of spans waiting there
                TracePiece there = q.piece(c.traceId(), !waiting);
                if (there == null) {
                    continue;
                }
                if (!there.spans().isEmpty()) {
                    CallPairing.pairAcross(c.calls(), there.spans(), calls);
                }
                holding.add(q);
                TraceHeads.Head head = there.head();
                if (head.boundsKnown()) {
                    start = Math.min(start, head.traceStart());
                    end = Math.max(end, head.traceEnd());
                } else {
                    unknown = true;
                }
            }
            if (!holding.isEmpty()) {
                written.widenBounds(c.traceId(), start, end, unknown);
                for (Partition q : holding) {
                    q.widenBounds(c.traceId(), start, end, unknown);
                }
            }
        }
        written.addCalls(calls);
    }
}
