package dev.prodguard.doctor;

import java.net.InetAddress;
import java.util.List;

/** A server to reach: host name, port and the addresses its name resolved to. */
record Endpoint(String host, int port, List<InetAddress> addresses) {
    Endpoint {
        addresses = List.copyOf(addresses);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
