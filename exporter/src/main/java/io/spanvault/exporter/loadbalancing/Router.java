package io.spanvault.exporter.loadbalancing;

import java.util.Map;

/** Splits a request of one signal into one request per backend on the ring. */
interface Router<T> {
    /** The parts by endpoint; a request that goes to one backend comes back as itself. */
    Map<String, T> split(T request, HashRing ring);
}
