package io.spanvault.query.extension;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Extension;
import io.spanvault.pipeline.component.ExtensionFactory;
import java.time.Clock;

/** Creates the {@code query} extension: the Jaeger-compatible query API and UI on 16686. */
public final class QueryExtensionFactory implements ExtensionFactory<QueryConfig> {

    @Override
    public String type() {
        return "query";
    }

    @Override
    public Class<QueryConfig> configType() {
        return QueryConfig.class;
    }

    @Override
    public QueryConfig defaultConfig() {
        return QueryConfig.of(null, null, null, null, null);
    }

    @Override
    public Extension create(ComponentContext context, QueryConfig config) {
        return new QueryExtension(context, config, Clock.systemUTC());
    }
}
