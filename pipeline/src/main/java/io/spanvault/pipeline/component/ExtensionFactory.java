package io.spanvault.pipeline.component;

/** Creates an extension, listed under {@code service.extensions}. */
public interface ExtensionFactory<C> extends ComponentFactory<C> {

    @Override
    default ComponentKind kind() {
        return ComponentKind.EXTENSION;
    }

    Extension create(ComponentContext context, C config);
}
