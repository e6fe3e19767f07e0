package io.spanvault.storage.chronicle;

import io.spanvault.storage.TraceId;

/**
 * The spans of one trace that one write puts into one partition, encoded once as an OTLP {@code TracesData}
 * message ({@code body}), with what the search index needs to know about them.
 *
 * @param hour        the partition hour (hours since the epoch) of the spans' start
 * @param terms       the {@link SearchTerms} of the spans, repeated as often as spans have them (the
 *                    {@link PostingsWriter} posts the chunk once under each: sorting them here cost more)
 * @param body        the encoded spans, compressed with the other chunks of its {@link ChunkBlock} when written
 * @param calls       the spans as the service map pairs them
 */
record Chunk(long hour, TraceId traceId, int spanCount, long startMin, long startMax, long durationMin,
        long durationMax, byte[] body, long[] terms, CallSpans calls) {
}
