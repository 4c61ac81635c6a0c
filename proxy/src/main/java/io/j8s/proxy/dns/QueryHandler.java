package io.j8s.proxy.dns;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * One query, bytes in, bytes out: the cluster zone first, then the upstreams; EDNS and truncation
 * as CoreDNS does them (a UDP answer fits 512 bytes, or the client's EDNS buffer size, else it is
 * cut and carries TC so the client asks again over TCP); metrics around it all.
 */
final class QueryHandler {

    /** The EDNS buffer size we advertise: the DNS flag day 2020 figure. */
    static final int EDNS_SIZE = 1232;
    static final int PLAIN_UDP_SIZE = 512;

    enum Proto { UDP, TCP }

    private final ClusterZone zone;
    private final Forwarder forwarder;
    private final DnsMetrics metrics;

    QueryHandler(ClusterZone zone, Forwarder forwarder, DnsMetrics metrics) {
        this.zone = zone;
        this.forwarder = forwarder;
        this.metrics = metrics;
    }

    /** The reply's wire bytes, or null when there is nothing to reply to (not even a header). */
    CompletableFuture<byte[]> handle(byte[] data, int length, Proto proto, boolean ipv6) {
        long start = System.nanoTime();
        Message query;
        try {
            query = new Message(java.nio.ByteBuffer.wrap(data, 0, length));
        } catch (IOException e) {
            if (length < 12) return CompletableFuture.completedFuture(null);
            Message m = new Message(((data[0] & 0xff) << 8) | (data[1] & 0xff));
            m.getHeader().setFlag(Flags.QR);
            m.getHeader().setRcode(Rcode.FORMERR);
            return CompletableFuture.completedFuture(m.toWire());
        }
        if (query.getHeader().getFlag(Flags.QR)) return CompletableFuture.completedFuture(null); // a response: never answer one
        Record q = query.getQuestion();
        int qtype = q == null ? 0 : q.getType();
        metrics.request(proto == Proto.UDP ? "udp" : "tcp", ipv6, qtype);
        return switch (zone.answer(query)) {
            case ClusterZone.Answer.Local local -> CompletableFuture.completedFuture(finish(query, local.response(), "kubernetes", proto, start));
            case ClusterZone.Answer.Forward f -> forwarder.forward(query).thenApply(r -> finish(query, r, "forward", proto, start));
            case ClusterZone.Answer.Chase chase -> {
                Message sub = Message.newQuery(Record.newRecord(chase.target(), chase.type(), q.getDClass()));
                sub.getHeader().setFlag(Flags.RD);
                yield forwarder.forward(sub).thenApply(r -> {
                    if (r.getRcode() == Rcode.NOERROR) {
                        for (Record rec : r.getSection(Section.ANSWER)) chase.response().addRecord(rec, Section.ANSWER);
                    }
                    return finish(query, chase.response(), "kubernetes", proto, start);
                });
            }
        };
    }

    /**
     * REFUSED for a source the server does not answer (CoreDNS's {@code acl} plugin's block),
     * with the question echoed; null for what gets no reply at all (a response, a runt, garbage).
     */
    byte[] refuse(byte[] data, int length, Proto proto, boolean ipv6) {
        Message query;
        try {
            query = new Message(java.nio.ByteBuffer.wrap(data, 0, length));
        } catch (IOException e) {
            return null;
        }
        if (query.getHeader().getFlag(Flags.QR)) return null;
        Record q = query.getQuestion();
        metrics.request(proto == Proto.UDP ? "udp" : "tcp", ipv6, q == null ? 0 : q.getType());
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) response.getHeader().setFlag(Flags.RD);
        response.getHeader().setRcode(Rcode.REFUSED);
        if (q != null) response.addRecord(q, Section.QUESTION);
        metrics.response(Rcode.REFUSED, "acl", q == null ? 0 : q.getType(), 0);
        return response.toWire();
    }

    private byte[] finish(Message query, Message response, String plugin, Proto proto, long start) {
        OPTRecord theirs = response.getOPT();
        if (theirs != null) response.removeRecord(theirs, Section.ADDITIONAL);
        OPTRecord opt = query.getOPT();
        int max = 65535;
        if (opt != null) response.addRecord(new OPTRecord(EDNS_SIZE, 0, 0), Section.ADDITIONAL);
        if (proto == Proto.UDP) max = opt == null ? PLAIN_UDP_SIZE : Math.max(PLAIN_UDP_SIZE, Math.min(65535, opt.getPayloadSize()));
        byte[] wire = response.toWire(max);
        Record q = query.getQuestion();
        metrics.response(response.getRcode(), plugin, q == null ? 0 : q.getType(), (System.nanoTime() - start) / 1e9);
        return wire;
    }
}
