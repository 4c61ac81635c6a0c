package io.j8s.proxy.userspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP listener of the userspace proxy: each accepted connection goes to the next endpoint in
 * round-robin order (an endpoint that refuses is skipped), bytes copied both ways on virtual threads.
 * With no endpoint that answers, the client's connection is closed at once.
 */
final class Forwarder implements Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final int CONNECT_TIMEOUT_MS = 2000;

    private final String name;
    private final ServerSocket server;
    private final AtomicInteger next = new AtomicInteger();
    private volatile List<InetSocketAddress> endpoints = List.of();

    Forwarder(String name, String host, int port) throws IOException {
        this.name = name;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(host, port), 128);
        Thread.ofVirtual().name("userspace-proxy-" + name).start(this::acceptLoop);
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

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread.ofVirtual().start(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        List<InetSocketAddress> eps = endpoints;
        Socket backend = null;
        for (int i = 0; i < eps.size() && backend == null; i++) {
            InetSocketAddress ep = eps.get(Math.floorMod(next.getAndIncrement(), eps.size()));
            Socket s = new Socket();
            try {
                s.connect(ep, CONNECT_TIMEOUT_MS);
                backend = s;
            } catch (IOException e) {
                LOG.debug("{}: endpoint {} refused: {}", name, ep, e.getMessage());
                closeQuietly(s);
            }
        }
        if (backend == null) {
            closeQuietly(client);
            return;
        }
        Socket b = backend;
        Thread up = Thread.ofVirtual().start(() -> copy(client, b));
        copy(b, client);
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(client);
        closeQuietly(b);
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
