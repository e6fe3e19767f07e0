package io.spanvault.storage.chronicle;

import io.spanvault.storage.StorageException;

/** Run in a JVM without Chronicle's flags: prints the access check's message and exits 3. */
public final class MissingFlagsProbe {
    private MissingFlagsProbe() {
    }

    public static void main(String[] args) {
        try {
            ChronicleJvmAccess.require();
            System.out.println("no error");
            System.exit(0);
        } catch (StorageException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
