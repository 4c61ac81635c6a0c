package io.j8s.proxy.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

/**
 * CoreDNS's {@code forward} plugin, sequentially: asks the upstreams in resolv.conf order over UDP
 * (one long-lived socket each), again over TCP (dnsjava's resolver) when the answer comes back
 * truncated, the next upstream when one does not answer in time, and replies SERVFAIL when none
 * does. Non-blocking: answers complete on the upstream sockets' receiver threads.
 */
final class Forwarder implements AutoCloseable {

    /**
     * One upstream resolver. Its UDP socket is opened on first use, and again after a failure to
     * open it: a node whose network is not up yet (or has no route to its resolvers) still starts
     * and answers its cluster names; forwarded names get SERVFAIL until the upstream is reachable.
     */
    private static final class Upstream {
        final InetSocketAddress address;
        final String to;
        final SimpleResolver tcp;
        final Duration timeout;
        private UdpUpstream udp;

        Upstream(InetSocketAddress address, Duration timeout) {
            this.address = address;
            this.to = address.getAddress().getHostAddress() + ":" + address.getPort();
            this.timeout = timeout;
            this.tcp = new SimpleResolver(address);
            tcp.setTCP(true);
            tcp.setTimeout(timeout);
        }

        synchronized UdpUpstream udp() throws IOException {
            if (udp == null) udp = new UdpUpstream(address, timeout);
            return udp;
        }

        synchronized void close() {
            if (udp != null) udp.close();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    private final List<Upstream> upstreams;
    private final DnsMetrics metrics;

    Forwarder(List<InetSocketAddress> servers, Duration timeout, DnsMetrics metrics) {
        this.metrics = metrics;
        List<Upstream> list = new ArrayList<>();
        for (InetSocketAddress s : servers) {
            Upstream u = new Upstream(s, timeout);
            try {
                u.udp();
            } catch (IOException e) {
                log.warn("Cannot reach upstream resolver {} yet ({}); names forwarded to it get SERVFAIL until it can be reached",
                        u.to, e.getMessage());
            }
            list.add(u);
        }
        this.upstreams = List.copyOf(list);
    }

    List<String> upstreams() {
        return upstreams.stream().map(u -> u.to).toList();
    }

    /** The upstream's answer with the query's ID, or SERVFAIL; never completes exceptionally. */
    CompletableFuture<Message> forward(Message query) {
        return attempt(query, query.toWire(), 0);
    }

    private CompletableFuture<Message> attempt(Message query, byte[] wire, int i) {
        if (i >= upstreams.size()) return CompletableFuture.completedFuture(ClusterZone.error(query, Rcode.SERVFAIL));
        Upstream u = upstreams.get(i);
        metrics.forwardRequest(u.to);
        UdpUpstream udp;
        try {
            udp = u.udp();
        } catch (IOException e) {
            return attempt(query, wire, i + 1);
        }
        CompletableFuture<Message> answered = udp.exchange(wire).thenCompose(bytes -> {
            Message response;
            try {
                response = new Message(bytes);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (!response.getHeader().getFlag(Flags.TC)) return CompletableFuture.completedFuture(response);
            return u.tcp.sendAsync(query).toCompletableFuture();
        });
        return answered.handle((response, error) -> {
            if (error != null) return attempt(query, wire, i + 1);
            metrics.forwardResponse(u.to, response.getRcode());
            response.getHeader().setID(query.getHeader().getID());
            return CompletableFuture.completedFuture(response);
        }).thenCompose(f -> f);
    }

    @Override
    public void close() {
        upstreams.forEach(Upstream::close);
    }
}
