package io.j8s.proxy.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One upstream resolver over UDP on one long-lived socket, as CoreDNS's forward plugin keeps
 * its connections: each query goes out under an ID free among those in flight, the receiver
 * thread matches the reply back by ID (and question bytes), and a query not answered within the
 * timeout fails. Opening a socket per query, as dnsjava's resolver does, costs more than the
 * rest of a forward together.
 */
final class UdpUpstream implements AutoCloseable {

    private record Pending(CompletableFuture<byte[]> reply, byte[] question, int clientId) {}

    private final DatagramChannel channel;
    private final Duration timeout;
    private final ConcurrentHashMap<Integer, Pending> inFlight = new ConcurrentHashMap<>();
    private final Thread receiver;
    private volatile boolean closed;

    UdpUpstream(InetSocketAddress upstream, Duration timeout) throws IOException {
        this.timeout = timeout;
        this.channel = DatagramChannel.open();
        channel.connect(upstream);
        receiver = Thread.ofPlatform().daemon().name("cluster-dns-forward-" + upstream.getPort()).start(this::receive);
    }

    /** The reply's bytes with the query's own ID; fails with a TimeoutException when none comes in time. */
    CompletableFuture<byte[]> exchange(byte[] query) {
        if (query.length < 12) return CompletableFuture.failedFuture(new IOException("not a DNS message"));
        int clientId = ((query[0] & 0xff) << 8) | (query[1] & 0xff);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        byte[] out = query.clone();
        Pending p = new Pending(reply, question(out), clientId);
        int id = ThreadLocalRandom.current().nextInt(65536);
        for (int tries = 0; inFlight.putIfAbsent(id, p) != null; tries++) {
            if (tries > 65536) return CompletableFuture.failedFuture(new IOException("65,536 queries in flight to one upstream"));
            id = (id + 1) & 0xffff;
        }
        int sent = id;
        out[0] = (byte) (id >> 8);
        out[1] = (byte) id;
        try {
            channel.write(ByteBuffer.wrap(out));
        } catch (IOException e) {
            inFlight.remove(sent, p);
            return CompletableFuture.failedFuture(e);
        }
        return reply.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((r, e) -> inFlight.remove(sent, p));
    }

    private void receive() {
        ByteBuffer in = ByteBuffer.allocate(65535);
        while (!closed) {
            try {
                in.clear();
                channel.read(in);
            } catch (PortUnreachableException e) {
                continue; // nothing listens there (ICMP): the queries in flight time out and the next upstream is asked
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            if (in.position() < 12) continue;
            byte[] data = new byte[in.position()];
            in.flip();
            in.get(data);
            int id = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
            Pending p = inFlight.get(id);
            // A reply must echo the question we sent under that ID; anything else is late or forged.
            if (p == null || !java.util.Arrays.equals(question(data), p.question()) || !inFlight.remove(id, p)) continue;
            data[0] = (byte) (p.clientId() >> 8);
            data[1] = (byte) p.clientId();
            p.reply().complete(data);
        }
    }

    /** The question section's bytes (one question: the name up to its root label, type and class), lower-cased. */
    private static byte[] question(byte[] m) {
        int i = 12;
        while (i < m.length && m[i] != 0) {
            if ((m[i] & 0xc0) != 0) return new byte[0];
            i += (m[i] & 0xff) + 1;
        }
        int end = Math.min(m.length, i + 5);
        byte[] q = java.util.Arrays.copyOfRange(m, 12, end);
        for (int k = 0; k < q.length; k++) {
            if (q[k] >= 'A' && q[k] <= 'Z') q[k] = (byte) (q[k] + 32);
        }
        return q;
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inFlight.values().forEach(p -> p.reply().completeExceptionally(new IOException("closed")));
    }
}
