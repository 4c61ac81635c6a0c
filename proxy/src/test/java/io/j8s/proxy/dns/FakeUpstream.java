package io.j8s.proxy.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A node's upstream resolver on loopback (UDP and TCP, one port): every A query answers
 * 192.0.2.1; names starting with {@code big.} answer 120 addresses, more than fits a UDP reply,
 * so it comes back truncated over UDP and whole over TCP. Names starting with {@code nx.} are NXDOMAIN.
 */
final class FakeUpstream implements AutoCloseable {

    final AtomicInteger udpQueries = new AtomicInteger();
    final AtomicInteger tcpQueries = new AtomicInteger();
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    FakeUpstream() throws IOException {
        DatagramSocket u = null;
        ServerSocket t = null;
        for (int attempt = 0; t == null; attempt++) {
            u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                t = new ServerSocket(u.getLocalPort(), 16, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                u.close();
                if (attempt == 10) throw e;
            }
        }
        udp = u;
        tcp = t;
        Thread.ofPlatform().daemon().name("fake-upstream-udp").start(this::serveUdp);
        Thread.ofPlatform().daemon().name("fake-upstream-tcp").start(this::serveTcp);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
    }

    static Message answer(Message q) {
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(q.getQuestion(), Section.QUESTION);
        String name = q.getQuestion().getName().toString();
        if (name.startsWith("nx.")) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
            return r;
        }
        int n = name.startsWith("big.") ? 120 : 1;
        for (int i = 0; i < n; i++) {
            byte[] a = {(byte) 192, 0, 2, (byte) (i + 1)};
            try {
                r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, InetAddress.getByAddress(a)), Section.ANSWER);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return r;
    }

    private void serveUdp() {
        byte[] buf = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                udpQueries.incrementAndGet();
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                int max = q.getOPT() == null ? 512 : q.getOPT().getPayloadSize();
                byte[] out = answer(q).toWire(max);
                udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                // Closed, or a bad packet: go on until closed.
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                byte[] q = in.readNBytes(in.readUnsignedShort());
                tcpQueries.incrementAndGet();
                byte[] r = answer(new Message(q)).toWire();
                out.writeShort(r.length);
                out.write(r);
                out.flush();
            } catch (IOException e) {
                // Closed, or the client went away.
            }
        }
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }

}
