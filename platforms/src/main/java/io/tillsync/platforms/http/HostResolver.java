package io.tillsync.platforms.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks a host name up: the one DNS seam of the outbound layer (tests answer with fixed addresses). Blocking; the
 * layer calls it off the event loop.
 */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JDK's resolver ({@link InetAddress#getAllByName}), with its cache and the system's configuration. */
    static HostResolver jdk() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
