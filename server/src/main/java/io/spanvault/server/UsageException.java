package io.spanvault.server;

/** The command line cannot be understood; the message says why. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
