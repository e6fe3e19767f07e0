package io.spanvault.exporter.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExponentialBackOffTest {
    private final AtomicLong now = new AtomicLong();

    private ExponentialBackOff backOff(RetryConfig config, double random) {
        return new ExponentialBackOff(config, now::get, () -> random);
    }

    @Test
    void growsByTheMultiplierUpToMaxInterval() {
        RetryConfig config = new RetryConfig(true, Duration.ofSeconds(1), 0.0, 2.0, Duration.ofSeconds(5),
                Duration.ZERO);
        ExponentialBackOff b = backOff(config, 0.5);
        assertEquals(Duration.ofSeconds(1), b.next(null).orElseThrow());
        assertEquals(Duration.ofSeconds(2), b.next(null).orElseThrow());
        assertEquals(Duration.ofSeconds(4), b.next(null).orElseThrow());
        assertEquals(Duration.ofSeconds(5), b.next(null).orElseThrow());
        assertEquals(Duration.ofSeconds(5), b.next(null).orElseThrow());
    }

    @Test
    void randomizesWithinTheFactor() {
        RetryConfig config = new RetryConfig(true, Duration.ofSeconds(10), 0.5, 1.5, Duration.ofSeconds(30),
                Duration.ZERO);
        assertEquals(Duration.ofSeconds(5), backOff(config, 0.0).next(null).orElseThrow());
        assertEquals(Duration.ofSeconds(15), backOff(config, 1.0).next(null).orElseThrow());
    }

    @Test
    void waitsAtLeastWhatTheServerAsked() {
        ExponentialBackOff b = backOff(new RetryConfig(true, Duration.ofMillis(100), 0.0, 1.5, Duration.ofSeconds(1),
                Duration.ofMinutes(1)), 0.5);
        assertEquals(Duration.ofSeconds(7), b.next(Duration.ofSeconds(7)).orElseThrow());
        assertEquals(Duration.ofMillis(150), b.next(Duration.ofMillis(10)).orElseThrow());
    }

    @Test
    void stopsWhenTheNextWaitWouldPassMaxElapsedTime() {
        ExponentialBackOff b = backOff(new RetryConfig(true, Duration.ofSeconds(1), 0.0, 1.0, Duration.ofSeconds(1),
                Duration.ofSeconds(3)), 0.5);
        assertTrue(b.next(null).isPresent());
        now.addAndGet(Duration.ofMillis(2500).toNanos());
        assertTrue(b.next(null).isEmpty());
    }

    @Test
    void zeroMaxElapsedTimeRetriesForever() {
        ExponentialBackOff b = backOff(new RetryConfig(true, Duration.ofSeconds(1), 0.0, 1.0, Duration.ofSeconds(1),
                Duration.ZERO), 0.5);
        now.addAndGet(Duration.ofDays(1).toNanos());
        assertTrue(b.next(null).isPresent());
    }

    @Test
    void defaultsAreTheCollectors() {
        RetryConfig d = RetryConfig.defaults();
        assertEquals(true, d.enabled());
        assertEquals(Duration.ofSeconds(5), d.initialInterval());
        assertEquals(Duration.ofSeconds(30), d.maxInterval());
        assertEquals(Duration.ofMinutes(5), d.maxElapsedTime());
        assertEquals(1.5, d.multiplier());
        assertEquals(0.5, d.randomizationFactor());
        QueueConfig q = QueueConfig.defaults();
        assertEquals(10, q.numConsumers());
        assertEquals(1000, q.queueSize());
        assertEquals(false, q.persistent());
    }
}
