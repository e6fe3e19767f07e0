package io.spanvault.exporter.loadbalancing;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The collector's consistent hash ring: each endpoint takes 100 positions on a circle of 36,000 (CRC-32 of
 * the endpoint followed by the point's index byte, modulo 36,000; a taken position is skipped), and a key
 * belongs to the first endpoint at or after CRC-32(key) mod 36,000. Adding an endpoint moves only the keys
 * whose positions it takes over. Immutable; built anew on every change of the backend list.
 */
final class HashRing {
    private static final int POSITIONS = 36_000;
    private static final int POINTS_PER_ENDPOINT = 100;

    private final int[] positions;
    private final String[] owners;
    private final List<String> endpoints;

    HashRing(List<String> endpoints) {
        this.endpoints = List.copyOf(endpoints);
        Set<Integer> taken = new HashSet<>();
        List<long[]> items = new ArrayList<>();
        for (int e = 0; e < endpoints.size(); e++) {
            byte[] name = endpoints.get(e).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < POINTS_PER_ENDPOINT; i++) {
                CRC32 crc = new CRC32();
                crc.update(name);
                crc.update(i);
                int pos = (int) (crc.getValue() % POSITIONS);
                if (taken.add(pos)) {
                    items.add(new long[] {pos, e});
                }
            }
        }
        items.sort((a, b) -> Long.compare(a[0], b[0]));
        positions = new int[items.size()];
        owners = new String[items.size()];
        for (int i = 0; i < items.size(); i++) {
            positions[i] = (int) items.get(i)[0];
            owners[i] = endpoints.get((int) items.get(i)[1]);
        }
    }

    List<String> endpoints() {
        return endpoints;
    }

    boolean isEmpty() {
        return positions.length == 0;
    }

    String endpointFor(ByteString key) {
        CRC32 crc = new CRC32();
        crc.update(key.asReadOnlyByteBuffer());
        return endpointAt((int) (crc.getValue() % POSITIONS));
    }

    String endpointFor(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return endpointAt((int) (crc.getValue() % POSITIONS));
    }

    private String endpointAt(int pos) {
        if (positions.length == 0) {
            return null;
        }
        int i = Arrays.binarySearch(positions, pos);
        if (i < 0) {
            i = -i - 1;
        }
        return owners[i == positions.length ? 0 : i];
    }
}
