package io.spanvault.storage;

/**
 * {@code parent} service called {@code child} service {@code callCount} times (a child span whose parent span
 * is in another service), {@code errorCount} of them with the child span's status an error.
 */
public record DependencyLink(String parent, String child, long callCount, long errorCount) {
    public DependencyLink(String parent, String child, long callCount) {
        this(parent, child, callCount, 0);
    }
}
