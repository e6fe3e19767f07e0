package io.spanvault.storage.chronicle;

/** A service's operation with its span kind, as the catalog of a partition records it. */
record OperationKey(String service, String kind, String name) {
}
