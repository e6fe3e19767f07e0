package io.spanvault.storage.extension;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Extension;
import io.spanvault.pipeline.component.ExtensionFactory;

/** Creates the {@code storage} extension; its backends open only when asked for, never here. */
public final class StorageExtensionFactory implements ExtensionFactory<StorageExtensionConfig> {

    @Override
    public String type() {
        return "storage";
    }

    @Override
    public Class<StorageExtensionConfig> configType() {
        return StorageExtensionConfig.class;
    }

    @Override
    public StorageExtensionConfig defaultConfig() {
        return new StorageExtensionConfig(null);
    }

    @Override
    public Extension create(ComponentContext context, StorageExtensionConfig config) {
        return new StorageExtension(context, config);
    }
}
