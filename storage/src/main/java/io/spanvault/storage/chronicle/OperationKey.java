package io.spanvault.storage.chronicle;

import com.google.protobuf.ByteString;

/**
 * A service's operation with its span kind, as the catalog of a partition records it. The name stays in
 * the UTF-8 bytes it was parsed as, so the write path can tell a known operation without decoding it.
 */
record OperationKey(String service, String kind, ByteString name) {
    String nameText() {
        return name.toStringUtf8();
    }
}
