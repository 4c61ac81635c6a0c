package io.j8s.proxy.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP and TCP listeners on one address and port. UDP: a few receiver threads answer cluster
 * names inline and forwarded ones when upstream answers. TCP: a virtual thread per connection
 * reading length-prefixed queries (RFC 7766) until the client closes or stays idle.
 */
final class DnsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    private static final int UDP_RECEIVERS = 2;

    private final QueryHandler handler;
    private final SourceAcl acl;
    private final DatagramChannel udp;
    private final ServerSocket tcp;
    private final Duration idle;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private DnsServer(QueryHandler handler, SourceAcl acl, DatagramChannel udp, ServerSocket tcp, Duration idle) {
        this.handler = handler;
        this.acl = acl;
        this.udp = udp;
        this.tcp = tcp;
        this.idle = idle;
    }

    /** Binds UDP and TCP on {@code address}:{@code port} (port 0: a free port, the same for both) and starts serving everyone. */
    static DnsServer start(QueryHandler handler, String address, int port, Duration tcpIdle) throws IOException {
        return start(handler, SourceAcl.EVERYONE, address, port, tcpIdle);
    }

    /** As {@link #start(QueryHandler, String, int, Duration)}, answering only the sources {@code acl} allows (REFUSED to others). */
    static DnsServer start(QueryHandler handler, SourceAcl acl, String address, int port, Duration tcpIdle) throws IOException {
        InetAddress bind = InetAddress.getByName(address);
        IOException last = null;
        for (int attempt = 0; attempt < (port == 0 ? 10 : 1); attempt++) {
            DatagramChannel udp = DatagramChannel.open();
            try {
                // Room for a burst of queries while the receivers are busy (the kernel caps it at rmem_max).
                udp.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
                udp.bind(new InetSocketAddress(bind, port));
                int bound = ((InetSocketAddress) udp.getLocalAddress()).getPort();
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                try {
                    tcp.bind(new InetSocketAddress(bind, bound), 128);
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                DnsServer server = new DnsServer(handler, acl, udp, tcp, tcpIdle);
                server.startThreads();
                return server;
            } catch (IOException e) {
                udp.close();
                last = e;
            }
        }
        throw new java.net.BindException("cluster DNS cannot listen on " + address + ":" + port
                + " (see --cluster-dns-bind-address, --cluster-dns-port, --disable-cluster-dns): " + last.getMessage());
    }

    int port() {
        return tcp.getLocalPort();
    }

    private void startThreads() {
        for (int i = 0; i < UDP_RECEIVERS; i++) {
            Thread t = Thread.ofPlatform().name("cluster-dns-udp-" + i).daemon().unstarted(this::serveUdp);
            threads.add(t);
        }
        threads.add(Thread.ofPlatform().name("cluster-dns-tcp-accept").daemon().unstarted(this::acceptTcp));
        threads.forEach(Thread::start);
    }

    private void serveUdp() {
        ByteBuffer in = ByteBuffer.allocate(65535);
        while (!closed) {
            SocketAddress from;
            try {
                in.clear();
                from = udp.receive(in);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) log.warn("cluster DNS: UDP receive failed: {}", e.toString());
                continue;
            }
            byte[] data = new byte[in.position()];
            in.flip();
            in.get(data);
            answer(data, data.length, QueryHandler.Proto.UDP, ((InetSocketAddress) from).getAddress()).whenComplete((reply, error) -> {
                if (reply == null) return;
                try {
                    udp.send(ByteBuffer.wrap(reply), from);
                } catch (IOException e) {
                    if (!closed) log.debug("cluster DNS: UDP reply to {} failed: {}", from, e.toString());
                }
            });
        }
    }

    /** The handler's reply to a query from {@code source}, or REFUSED where the allow-list does not let it ask. */
    private CompletableFuture<byte[]> answer(byte[] data, int length, QueryHandler.Proto proto, InetAddress source) {
        boolean v6 = source instanceof Inet6Address;
        return acl.allows(source) ? handler.handle(data, length, proto, v6)
                : CompletableFuture.completedFuture(handler.refuse(data, length, proto, v6));
    }

    private void acceptTcp() {
        while (!closed) {
            Socket s;
            try {
                s = tcp.accept();
            } catch (IOException e) {
                if (closed) return;
                log.warn("cluster DNS: TCP accept failed: {}", e.toString());
                continue;
            }
            Thread.ofVirtual().name("cluster-dns-tcp").start(() -> serveTcp(s));
        }
    }

    private void serveTcp(Socket s) {
        try (s) {
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idle.toMillis()));
            s.setTcpNoDelay(true);
            InputStream raw = s.getInputStream();
            DataInputStream in = new DataInputStream(raw);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (!closed) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException | SocketTimeoutException e) {
                    return;
                }
                byte[] data = in.readNBytes(length);
                if (data.length < length) return;
                byte[] reply = answer(data, length, QueryHandler.Proto.TCP, s.getInetAddress()).join();
                if (reply == null) return;
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            log.debug("cluster DNS: TCP connection ended: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            udp.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        try {
            tcp.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
