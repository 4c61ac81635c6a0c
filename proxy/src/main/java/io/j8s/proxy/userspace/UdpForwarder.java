package io.j8s.proxy.userspace;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One UDP listener of the userspace proxy: each client address gets a session, a socket of its own
 * towards the next endpoint in round-robin order; replies go back to the client from the
 * listener's address. A session idle for {@link #IDLE_MS} ends (as old kube-proxy's udpIdleTimeout).
 */
final class UdpForwarder implements AutoCloseable, Listener {

    static final int IDLE_MS = 30_000;
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket server;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<SocketAddress, DatagramSocket> sessions = new ConcurrentHashMap<>();
    private volatile List<InetSocketAddress> endpoints = List.of();

    UdpForwarder(String name, String host, int port) throws IOException {
        server = new DatagramSocket(new InetSocketAddress(host, port));
        Thread.ofVirtual().name("userspace-proxy-udp-" + name).start(this::receiveLoop);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @Override
    public void setEndpoints(List<InetSocketAddress> eps) {
        endpoints = List.copyOf(eps);
    }

    @Override
    public List<InetSocketAddress> endpoints() {
        return endpoints;
    }

    private void receiveLoop() {
        byte[] buf = new byte[MAX_DATAGRAM];
        while (!server.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                server.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            SocketAddress client = p.getSocketAddress();
            DatagramSocket session = sessions.get(client);
            if (session == null) {
                session = open(client);
                if (session == null) continue; // no endpoint: dropped, as UDP to nothing is
            }
            try {
                session.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength()));
            } catch (IOException e) {
                sessions.remove(client);
                session.close();
            }
        }
    }

    private DatagramSocket open(SocketAddress client) {
        List<InetSocketAddress> eps = endpoints;
        if (eps.isEmpty()) return null;
        InetSocketAddress ep = eps.get(Math.floorMod(next.getAndIncrement(), eps.size()));
        try {
            DatagramSocket s = new DatagramSocket();
            s.connect(ep);
            s.setSoTimeout(IDLE_MS);
            sessions.put(client, s);
            Thread.ofVirtual().start(() -> replies(client, s));
            return s;
        } catch (IOException e) {
            return null;
        }
    }

    private void replies(SocketAddress client, DatagramSocket session) {
        byte[] buf = new byte[MAX_DATAGRAM];
        try (session) {
            while (!server.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                session.receive(p);
                server.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), client));
            }
        } catch (SocketTimeoutException e) {
            // idle: the session ends
        } catch (IOException e) {
            // closed
        } finally {
            sessions.remove(client, session);
        }
    }

    @Override
    public void close() {
        server.close();
        sessions.values().forEach(DatagramSocket::close);
        sessions.clear();
    }
}
