package io.spanvault.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void parsesGoSpellings() {
        assertEquals(Duration.ofMillis(200), GoDuration.parse("200ms"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofNanos(500_000), GoDuration.parse("500us"));
        assertEquals(Duration.ofNanos(500_000), GoDuration.parse("500µs"));
        assertEquals(Duration.ofNanos(7), GoDuration.parse("7ns"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofSeconds(-2), GoDuration.parse("-2s"));
    }

    @Test
    void rejectsWhatGoRejects() {
        for (String bad : new String[] {"", "5", "1x", "ms", "1.5", "1h 30m", "--1s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad), bad);
            assertTrue(e.getMessage().contains("not a duration"), e.getMessage());
        }
    }

    @Test
    void formatsShortestForm() {
        assertEquals("200ms", GoDuration.format(Duration.ofMillis(200)));
        assertEquals("1h30m", GoDuration.format(Duration.ofMinutes(90)));
        assertEquals("72h", GoDuration.format(Duration.ofHours(72)));
        assertEquals("0s", GoDuration.format(Duration.ZERO));
        assertEquals("1500us", GoDuration.format(Duration.ofNanos(1_500_000)));
        assertEquals(Duration.ofMillis(1234), GoDuration.parse(GoDuration.format(Duration.ofMillis(1234))));
    }
}
