package io.spanvault.server.extension.basicauth;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Extension;
import io.spanvault.pipeline.component.ExtensionFactory;

/** Creates the {@code basicauth} authenticator extension. */
public final class BasicAuthFactory implements ExtensionFactory<BasicAuthConfig> {

    @Override
    public String type() {
        return "basicauth";
    }

    @Override
    public Class<BasicAuthConfig> configType() {
        return BasicAuthConfig.class;
    }

    @Override
    public BasicAuthConfig defaultConfig() {
        return new BasicAuthConfig(null, null);
    }

    @Override
    public Extension create(ComponentContext context, BasicAuthConfig config) {
        return new BasicAuth(context.id().toString(), config);
    }
}
