package io.spanvault.storage.chronicle;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.StorageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the chunk bodies of a trace back into one {@code TracesData}. Bodies are serialized
 * {@code TracesData} messages, so their concatenation parses as one; spans that were written in different
 * batches under an identical resource and scope are then grouped together again.
 */
public final class TraceAssembler {
    private TraceAssembler() {
    }

    static TracesData assemble(List<byte[]> bodies) {
        int size = 0;
        for (byte[] b : bodies) {
            size += b.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] b : bodies) {
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        return regroup(parse(all));
    }

    static TracesData parse(byte[] body) {
        try {
            return TracesData.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new StorageException("a stored chunk does not parse: " + e.getMessage(), e);
        }
    }

    /** The spans of identical resources and scopes (from several writes) under one resource and scope again. */
    public static TracesData regroup(TracesData data) {
        if (data.getResourceSpansCount() <= 1) {
            return data;
        }
        Map<ResourceKey, Map<ScopeKey, ScopeSpans.Builder>> groups = new LinkedHashMap<>();
        for (ResourceSpans rs : data.getResourceSpansList()) {
            Map<ScopeKey, ScopeSpans.Builder> scopes = groups.computeIfAbsent(
                    new ResourceKey(rs.getResource(), rs.getSchemaUrl()), k -> new LinkedHashMap<>());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                scopes.computeIfAbsent(new ScopeKey(ss.getScope(), ss.getSchemaUrl()),
                        k -> ScopeSpans.newBuilder().setScope(k.scope()).setSchemaUrl(k.schemaUrl()))
                        .addAllSpans(ss.getSpansList());
            }
        }
        TracesData.Builder out = TracesData.newBuilder();
        groups.forEach((resource, scopes) -> {
            ResourceSpans.Builder rs = ResourceSpans.newBuilder().setResource(resource.resource())
                    .setSchemaUrl(resource.schemaUrl());
            scopes.values().forEach(rs::addScopeSpans);
            out.addResourceSpans(rs);
        });
        return out.build();
    }

    private record ResourceKey(Resource resource, String schemaUrl) {
    }

    private record ScopeKey(InstrumentationScope scope, String schemaUrl) {
    }
}
