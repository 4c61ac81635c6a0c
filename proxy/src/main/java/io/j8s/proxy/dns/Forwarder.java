package io.j8s.proxy.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

/**
 * CoreDNS's {@code forward} plugin, sequentially: asks the upstreams in resolv.conf order over UDP
 * (dnsjava retries over TCP when the answer comes back truncated), the next one when one does not
 * answer in time, and replies SERVFAIL when none does. Non-blocking: the answer completes on
 * dnsjava's I/O thread.
 */
final class Forwarder {

    private record Upstream(String to, SimpleResolver resolver) {}

    private final List<Upstream> upstreams;
    private final DnsMetrics metrics;

    Forwarder(List<InetSocketAddress> servers, Duration timeout, DnsMetrics metrics) {
        this.metrics = metrics;
        List<Upstream> list = new ArrayList<>();
        for (InetSocketAddress s : servers) {
            SimpleResolver r = new SimpleResolver(s);
            r.setTimeout(timeout);
            list.add(new Upstream(s.getAddress().getHostAddress() + ":" + s.getPort(), r));
        }
        this.upstreams = List.copyOf(list);
    }

    List<String> upstreams() {
        return upstreams.stream().map(Upstream::to).toList();
    }

    /** The upstream's answer with the query's ID, or SERVFAIL; never completes exceptionally. */
    CompletableFuture<Message> forward(Message query) {
        return attempt(query, 0);
    }

    private CompletableFuture<Message> attempt(Message query, int i) {
        if (i >= upstreams.size()) return CompletableFuture.completedFuture(ClusterZone.error(query, Rcode.SERVFAIL));
        Upstream u = upstreams.get(i);
        metrics.forwardRequest(u.to());
        CompletableFuture<Message> sent;
        try {
            sent = u.resolver().sendAsync(query).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, error) -> {
            if (error != null) return attempt(query, i + 1);
            metrics.forwardResponse(u.to(), response.getRcode());
            response.getHeader().setID(query.getHeader().getID());
            return CompletableFuture.completedFuture(response);
        }).thenCompose(f -> f);
    }
}
