package io.spanvault.exporter.loadbalancing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks up a hostname's addresses; the system resolver in service, a stub in tests. */
@FunctionalInterface
public interface HostLookup {
    HostLookup SYSTEM = hostname -> List.of(InetAddress.getAllByName(hostname));

    List<InetAddress> addresses(String hostname) throws UnknownHostException;
}
