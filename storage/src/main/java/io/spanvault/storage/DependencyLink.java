package io.spanvault.storage;

/** {@code parent} service called {@code child} service {@code callCount} times (a child span whose parent span is in another service). */
public record DependencyLink(String parent, String child, long callCount) {
}
