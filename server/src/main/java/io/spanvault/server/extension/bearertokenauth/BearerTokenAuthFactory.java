package io.spanvault.server.extension.bearertokenauth;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Extension;
import io.spanvault.pipeline.component.ExtensionFactory;

/** Creates the {@code bearertokenauth} authenticator extension. */
public final class BearerTokenAuthFactory implements ExtensionFactory<BearerTokenAuthConfig> {

    @Override
    public String type() {
        return "bearertokenauth";
    }

    @Override
    public Class<BearerTokenAuthConfig> configType() {
        return BearerTokenAuthConfig.class;
    }

    @Override
    public BearerTokenAuthConfig defaultConfig() {
        return new BearerTokenAuthConfig(null, null, null, null);
    }

    @Override
    public Extension create(ComponentContext context, BearerTokenAuthConfig config) {
        return new BearerTokenAuth(context.id().toString(), config);
    }
}
