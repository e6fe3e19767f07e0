package io.spanvault.processor.matching;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;

/**
 * The items a processor acts on, from its {@code include} and {@code exclude} sections: an item is selected
 * when it matches {@code include} (or there is none) and does not match {@code exclude}.
 */
public final class Selection {
    private static final Selection ALL = new Selection(null, null);

    private final PropertiesMatcher include;
    private final PropertiesMatcher exclude;

    private Selection(PropertiesMatcher include, PropertiesMatcher exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    public static Selection of(MatchProperties include, MatchProperties exclude) {
        if (include == null && exclude == null) {
            return ALL;
        }
        return new Selection(include == null ? null : PropertiesMatcher.compile(include),
                exclude == null ? null : PropertiesMatcher.compile(exclude));
    }

    /**
     * As {@link #of}, for log records: services, span names and span kinds do not exist there, so a section
     * using them is an error (as in the collector).
     */
    public static Selection ofRecords(MatchProperties include, MatchProperties exclude) {
        for (String section : List.of("include", "exclude")) {
            MatchProperties p = section.equals("include") ? include : exclude;
            if (p != null && p.usesSpanOnlyProperties()) {
                throw new InvalidConfigException(section, "services, span_names, and span_kinds are not valid "
                        + "for log records");
            }
        }
        return of(include, exclude);
    }

    public boolean selectsAll() {
        return include == null && exclude == null;
    }

    public boolean selectsSpan(Resource resource, InstrumentationScope scope, Span span) {
        return (include == null || include.matchesSpan(resource, scope, span))
                && (exclude == null || !exclude.matchesSpan(resource, scope, span));
    }

    public boolean selectsRecord(Resource resource, InstrumentationScope scope, List<KeyValue> attributes) {
        return (include == null || include.matchesRecord(resource, scope, attributes))
                && (exclude == null || !exclude.matchesRecord(resource, scope, attributes));
    }
}
