package io.j8s.proxy.userspace;

import java.net.InetSocketAddress;
import java.util.List;

/** A userspace forwarder of either protocol: where it listens, and the endpoints it balances over. */
interface Listener extends AutoCloseable {

    InetSocketAddress address();

    void setEndpoints(List<InetSocketAddress> endpoints);

    List<InetSocketAddress> endpoints();

    @Override
    void close();
}
