package io.spanvault.processor.batch;

import java.util.ArrayDeque;

/**
 * Runs sends one after another on the calling thread instead of nesting them. When downstream answers a
 * batch before {@code consume} returns, the answer's idle flush sends the next batch from inside the first
 * send; under steady load that would nest once per batch until the stack overflows. Here a send started
 * inside another waits in this thread's queue until the outer one has returned.
 */
final class SendLoop {
    private static final ThreadLocal<ArrayDeque<Runnable>> QUEUED = new ThreadLocal<>();

    private SendLoop() {
    }

    static void run(Runnable send) {
        ArrayDeque<Runnable> queued = QUEUED.get();
        if (queued != null) {
            queued.addLast(send);
            return;
        }
        queued = new ArrayDeque<>();
        QUEUED.set(queued);
        try {
            for (Runnable next = send; next != null; next = queued.pollFirst()) {
                next.run();
            }
        } finally {
            QUEUED.remove();
        }
    }
}
