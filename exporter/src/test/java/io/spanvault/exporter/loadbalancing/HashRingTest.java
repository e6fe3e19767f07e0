package io.spanvault.exporter.loadbalancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashRingTest {
    private static final int KEYS = 100_000;

    @Test
    void keysSpreadOverEveryEndpoint() {
        HashRing ring = new HashRing(List.of("10.0.0.1:4317", "10.0.0.2:4317", "10.0.0.3:4317", "10.0.0.4:4317"));
        Map<String, Integer> counts = new HashMap<>();
        Random random = new Random(1);
        for (int i = 0; i < KEYS; i++) {
            counts.merge(ring.endpointFor(randomTraceId(random)), 1, Integer::sum);
        }
        assertEquals(4, counts.size());
        // 100 points per endpoint on 36,000 positions: shares stay within a few percent of a quarter.
        counts.values().forEach(n -> assertEquals(0.25, (double) n / KEYS, 0.08, counts.toString()));
    }

    @Test
    void addingAnEndpointMovesOnlyTheKeysItTakesOver() {
        List<String> three = List.of("10.0.0.1:4317", "10.0.0.2:4317", "10.0.0.3:4317");
        HashRing before = new HashRing(three);
        HashRing after = new HashRing(List.of("10.0.0.1:4317", "10.0.0.2:4317", "10.0.0.3:4317", "10.0.0.4:4317"));
        Random random = new Random(2);
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            ByteString key = randomTraceId(random);
            String was = before.endpointFor(key);
            String now = after.endpointFor(key);
            if (!was.equals(now)) {
                assertEquals("10.0.0.4:4317", now, "a key moved between two endpoints that both stayed");
                moved++;
            }
        }
        assertEquals(0.25, (double) moved / KEYS, 0.08, "about the new endpoint's share moves");
    }

    @Test
    void sameKeySameEndpointWhateverTheListOrder() {
        HashRing a = new HashRing(List.of("b:1", "a:1", "c:1"));
        HashRing b = new HashRing(List.of("c:1", "b:1", "a:1"));
        Random random = new Random(3);
        for (int i = 0; i < 1000; i++) {
            ByteString key = randomTraceId(random);
            assertEquals(a.endpointFor(key), b.endpointFor(key));
        }
        assertEquals(a.endpointFor("checkout"), b.endpointFor("checkout"));
        assertTrue(new HashRing(List.of()).isEmpty());
    }

    private static ByteString randomTraceId(Random random) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return ByteString.copyFrom(id);
    }
}
