package io.j8s.proxy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsServerTest {

    private static QueryHandler handler() {
        ClusterIndex index = new ClusterIndex(Name.fromConstantString("cluster.local."), 5);
        index.putService(Fixtures.clusterIp("default", "web", "10.96.0.50"));
        DnsMetrics metrics = new DnsMetrics(new PrometheusRegistry(), "dns://:0");
        return new QueryHandler(new ClusterZone(index), new Forwarder(List.of(), Duration.ofSeconds(1), metrics), metrics);
    }

    @Test
    void severalQueriesOnOneTcpConnection() throws Exception {
        try (DnsServer server = DnsServer.start(handler(), "127.0.0.1", 0, Duration.ofSeconds(5));
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < 3; i++) {
                Message q = ClusterZoneTest.query("web.default.svc.cluster.local.", Type.A);
                byte[] wire = q.toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
                Message r = new Message(in.readNBytes(in.readUnsignedShort()));
                assertThat(r.getHeader().getID()).isEqualTo(q.getHeader().getID());
                assertThat(r.getSection(Section.ANSWER)).hasSize(1);
            }
        }
    }

    @Test
    void aSourceOutsideTheAllowListIsRefusedOverUdpAndTcp() throws Exception {
        Message q = ClusterZoneTest.query("web.default.svc.cluster.local.", Type.A);
        try (DnsServer server = DnsServer.start(handler(), SourceAcl.of(List.of("10.244.0.0/16")), "127.0.0.1", 0, Duration.ofSeconds(5))) {
            Message udp = udp(server.port(), q);
            assertThat(udp.getHeader().getID()).isEqualTo(q.getHeader().getID());
            assertThat(udp.getRcode()).isEqualTo(org.xbill.DNS.Rcode.REFUSED);
            assertThat(udp.getSection(Section.ANSWER)).isEmpty();
            assertThat(udp.getQuestion()).isEqualTo(q.getQuestion());
            assertThat(tcp(server.port(), q).getRcode()).isEqualTo(org.xbill.DNS.Rcode.REFUSED);
        }
        try (DnsServer server = DnsServer.start(handler(), SourceAcl.of(List.of("10.244.0.0/16", "127.0.0.0/8")), "127.0.0.1", 0,
                Duration.ofSeconds(5))) {
            assertThat(udp(server.port(), q).getSection(Section.ANSWER)).hasSize(1);
            assertThat(tcp(server.port(), q).getSection(Section.ANSWER)).hasSize(1);
        }
    }

    private static Message udp(int port, Message q) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(5000);
            byte[] wire = q.toWire();
            s.send(new java.net.DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), port));
            java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[4096], 4096);
            s.receive(reply);
            return new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
        }
    }

    private static Message tcp(int port, Message q) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] wire = q.toWire();
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            return new Message(in.readNBytes(in.readUnsignedShort()));
        }
    }

    @Test
    void aTakenPortSaysWhichFlagToChange() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThatThrownBy(() -> DnsServer.start(handler(), "127.0.0.1", taken.getLocalPort(), Duration.ofSeconds(5)))
                    .isInstanceOf(BindException.class).hasMessageContaining("--cluster-dns-port");
        }
    }
}
