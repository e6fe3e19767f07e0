package io.spanvault.storage.chronicle;

import java.nio.file.FileSystemException;
import java.util.List;

/**
 * Tells a failure of the machine (a full disk, no descriptors left) from a partition that cannot be read.
 * The first passes once space or descriptors are back, so a write is retried and a partition is never moved
 * aside for it; the second does not.
 */
final class ResourceExhaustion {
    /** As the JDK and Chronicle word ENOSPC, EDQUOT and EMFILE/ENFILE. */
    private static final List<String> MARKS = List.of("No space left on device", "Disk quota exceeded",
            "Not enough space", "Too many open files");

    private ResourceExhaustion() {
    }

    static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : t.getMessage();
            if (text != null) {
                for (String mark : MARKS) {
                    if (text.contains(mark)) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
