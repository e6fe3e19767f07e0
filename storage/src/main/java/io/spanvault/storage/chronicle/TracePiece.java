package io.spanvault.storage.chronicle;

import java.util.List;

/**
 * What a partition holds of a trace, as a write pairs a new chunk with it: the trace's head there and, when
 * asked for, its spans as the service map pairs them (one per chunk; empty when not read).
 */
record TracePiece(TraceHeads.Head head, List<CallSpans> spans) {
}
