package io.spanvault.pipeline.config;

/**
 * A config value that cannot be used. {@code key} is the path below the component (or the document root),
 * in YAML's spelling, e.g. {@code protocols.grpc.endpoint}; the loader prefixes where the component sits.
 */
public final class InvalidConfigException extends IllegalArgumentException {
    private final String key;
    private final String problem;

    public InvalidConfigException(String key, String problem) {
        super(key.isEmpty() ? problem : key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }

    /** The same problem, with {@code prefix} put in front of the key. */
    public InvalidConfigException under(String prefix) {
        return new InvalidConfigException(key.isEmpty() ? prefix : prefix + "." + key, problem);
    }
}
