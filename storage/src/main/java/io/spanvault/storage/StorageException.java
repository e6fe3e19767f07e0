package io.spanvault.storage;

/** A store could not do what was asked (disk full, corrupt file, closed store). */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
