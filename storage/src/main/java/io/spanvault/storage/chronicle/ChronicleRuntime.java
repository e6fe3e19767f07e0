package io.spanvault.storage.chronicle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Chronicle's own start-up, done once per JVM. Its {@code Jvm} class, which everything in Chronicle touches
 * first, binds the POSIX calls through jnr-ffi and loads the thread-affinity library through JNA as it
 * initialises: about a fifth of a server's start-up on its main thread when the store opens there, so
 * {@link #prepare()} runs it on a thread of its own while other components start.
 */
final class ChronicleRuntime {
    /**
     * Chronicle calls POSIX only when a map file grows (fallocate, msync); jnr-ffi's default generates bytecode
     * stubs for each bound function, which costs start-up time those few calls never win back.
     */
    private static final String JNR_ASM = "jnr.ffi.asm.enabled";
    private static final AtomicBoolean PREPARING = new AtomicBoolean();

    private ChronicleRuntime() {
    }

    /** Starts initialising Chronicle on a daemon thread, unless that was done or begun already. */
    static void prepare() {
        if (!PREPARING.compareAndSet(false, true)) {
            return;
        }
        Thread prepare = new Thread(ChronicleRuntime::initialiseQuietly, "spanvault-store-prepare");
        prepare.setDaemon(true);
        prepare.start();
    }

    /** A head start only: whatever fails here fails again, and is reported, when the store opens. */
    private static void initialiseQuietly() {
        try {
            ChronicleJvmAccess.require();
            initialise();
        } catch (RuntimeException | LinkageError e) {
            // reported by ChronicleTraceStore.open
        }
    }

    /** Initialises Chronicle on this thread, or waits for the thread doing it (class initialisation is once). */
    static void initialise() {
        if (System.getProperty(JNR_ASM) == null) {
            System.setProperty(JNR_ASM, "false");
        }
        try {
            Class.forName("net.openhft.chronicle.core.Jvm", true, ChronicleRuntime.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Chronicle Core is not on the class path", e);
        }
    }
}
