package io.spanvault.processor.tailsampling.policy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.List;

/** What a policy sees of a trace: its id and the spans received so far, grouped under their resources. */
public interface TraceData {
    ByteString traceId();

    int spanCount();

    List<ResourceSpans> batches();
}
