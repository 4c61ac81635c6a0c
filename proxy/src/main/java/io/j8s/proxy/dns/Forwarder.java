package io.j8s.proxy.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    private record Upstream(String to, UdpUpstream udp, SimpleResolver tcp) {}

    private final List<Upstream> upstreams;
    private final DnsMetrics metrics;

    Forwarder(List<InetSocketAddress> servers, Duration timeout, DnsMetrics metrics) {
        this.metrics = metrics;
        List<Upstream> list = new ArrayList<>();
        for (InetSocketAddress s : servers) {
            SimpleResolver tcp = new SimpleResolver(s);
            tcp.setTCP(true);
            tcp.setTimeout(timeout);
            try {
                list.add(new Upstream(s.getAddress().getHostAddress() + ":" + s.getPort(), new UdpUpstream(s, timeout), tcp));
            } catch (IOException e) {
                list.forEach(u -> u.udp().close());
                throw new UncheckedIOException("cannot open a socket to upstream " + s, e);
            }
        }
        this.upstreams = List.copyOf(list);
    }

    List<String> upstreams() {
        return upstreams.stream().map(Upstream::to).toList();
    }

    /** The upstream's answer with the query's ID, or SERVFAIL; never completes exceptionally. */
    CompletableFuture<Message> forward(Message query) {
        return attempt(query, query.toWire(), 0);
    }

    private CompletableFuture<Message> attempt(Message query, byte[] wire, int i) {
        if (i >= upstreams.size()) return CompletableFuture.completedFuture(ClusterZone.error(query, Rcode.SERVFAIL));
        Upstream u = upstreams.get(i);
        metrics.forwardRequest(u.to());
        CompletableFuture<Message> answered = u.udp().exchange(wire).thenCompose(bytes -> {
            Message response;
            try {
                response = new Message(bytes);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (!response.getHeader().getFlag(Flags.TC)) return CompletableFuture.completedFuture(response);
            return u.tcp().sendAsync(query).toCompletableFuture();
        });
        return answered.handle((response, error) -> {
            if (error != null) return attempt(query, wire, i + 1);
            metrics.forwardResponse(u.to(), response.getRcode());
            response.getHeader().setID(query.getHeader().getID());
            return CompletableFuture.completedFuture(response);
        }).thenCompose(f -> f);
    }

    @Override
    public void close() {
        upstreams.forEach(u -> u.udp().close());
    }
}
