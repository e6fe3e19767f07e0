package io.spanvault.processor.memorylimiter;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** How much Java heap is in use, and how much the JVM may use at most. */
interface HeapUsage {

    long usedBytes();

    long maxBytes();

    /** Asks the JVM for a full collection, as the collector calls {@code runtime.GC()}. */
    void collectGarbage();

    /** The running JVM's heap. */
    static HeapUsage jvm() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        return new HeapUsage() {
            @Override
            public long usedBytes() {
                return memory.getHeapMemoryUsage().getUsed();
            }

            @Override
            public long maxBytes() {
                return Runtime.getRuntime().maxMemory();
            }

            @Override
            @SuppressWarnings("removal")
            public void collectGarbage() {
                System.gc();
            }
        };
    }
}
