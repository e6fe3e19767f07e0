package io.spanvault.query.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which {@code Host} headers the server answers, against DNS rebinding: a web page on another site can make
 * its own host name resolve to 127.0.0.1 and then read a loopback server, but its requests still carry that
 * name. A server on a loopback address answers only loopback names unless more are listed; one on another
 * address answers any name unless a list is given. {@code *} allows any.
 */
public final class HostAllowList {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");

    private final Set<String> hosts;
    private final boolean any;

    private HostAllowList(Set<String> hosts, boolean any) {
        this.hosts = hosts;
        this.any = any;
    }

    public static HostAllowList any() {
        return new HostAllowList(Set.of(), true);
    }

    /** {@code configured} (null when not set) for a server listening on {@code bindHost}. */
    public static HostAllowList of(List<String> configured, String bindHost) {
        if (configured == null) {
            return isLoopback(bindHost) ? new HostAllowList(LOOPBACK_NAMES, false) : any();
        }
        if (configured.contains("*")) {
            return any();
        }
        return new HostAllowList(configured.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet()), false);
    }

    /** Whether a request with this {@code Host} header (null when absent, as in HTTP/1.0) is answered. */
    public boolean allows(String hostHeader) {
        if (any || hostHeader == null) {
            return true;
        }
        String host = hostName(hostHeader).toLowerCase(Locale.ROOT);
        return hosts.contains(host) || (hosts.contains("localhost") && host.endsWith(".localhost"));
    }

    /** The name of a {@code Host} header without its port and IPv6 brackets. */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(1, close);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 || h.indexOf(':') != colon ? h : h.substring(0, colon);
    }

    private static boolean isLoopback(String bindHost) {
        if (LOOPBACK_NAMES.contains(bindHost)) {
            return true;
        }
        try {
            // Only literal addresses: a name is not looked up here.
            return bindHost.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
                    && InetAddress.getByName(bindHost).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
