package io.spanvault.server.launch;

import java.io.IOException;
import java.io.InputStream;

/**
 * In a launched server: stops it when the launcher is gone. The launcher holds the write end of our standard
 * input and never writes; end-of-file means it exited, however it died.
 */
final class LauncherWatch {
    /** The exit code of a server whose launcher vanished (as for SIGTERM, which the launcher would have sent). */
    static final int LAUNCHER_GONE = 143;

    private LauncherWatch() {
    }

    static void start() {
        Thread watch = new Thread(() -> awaitEndOfInput(System.in), "spanvault-launcher-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void awaitEndOfInput(InputStream in) {
        byte[] ignored = new byte[64];
        try {
            while (in.read(ignored) >= 0) {
                // the launcher writes nothing; anything read is dropped
            }
        } catch (IOException e) {
            // a broken pipe is the launcher gone too
        }
        System.exit(LAUNCHER_GONE);
    }
}
