package io.spanvault.pipeline.component;

/** The sections of a collector config; the name is the YAML key. */
public enum ComponentKind {
    RECEIVER("receivers"),
    PROCESSOR("processors"),
    EXPORTER("exporters"),
    CONNECTOR("connectors"),
    EXTENSION("extensions");

    private final String section;

    ComponentKind(String section) {
        this.section = section;
    }

    /** The config section that lists components of this kind, e.g. {@code receivers}. */
    public String section() {
        return section;
    }

    /** The label self-metrics use for a component of this kind, e.g. {@code receiver}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
