package io.j8s.proxy.userspace;

import static io.j8s.proxy.Fixtures.service;
import static io.j8s.proxy.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.j8s.proxy.Fixtures.Ep;
import io.j8s.proxy.Fixtures.Port;
import io.j8s.proxy.Fixtures.SlicePort;
import io.j8s.proxy.metrics.ProxierHealth;
import io.j8s.proxy.metrics.ProxyMetrics;
import io.j8s.proxy.tracker.EndpointsChangeTracker;
import io.j8s.proxy.tracker.ServiceChangeTracker;
import io.j8s.proxy.tracker.ServicePortName;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The userspace proxy on loopback: backends answer their name; the forwarder balances round-robin. */
class UserspaceProxierTest {

    final List<ServerSocket> backends = new ArrayList<>();
    final ServiceChangeTracker services = new ServiceChangeTracker();
    final EndpointsChangeTracker endpoints = new EndpointsChangeTracker("node-1", Instant.EPOCH);
    final UserspaceProxier proxier = new UserspaceProxier("127.0.0.1", services, endpoints, new ProxyMetrics(),
            new ProxierHealth(Clock.systemUTC(), Duration.ofMinutes(1)), Clock.systemUTC());

    @AfterEach
    void close() throws IOException {
        proxier.close();
        for (ServerSocket s : backends) s.close();
    }

    /** A backend that writes {@code name} to every connection and closes it. */
    int backend(String name) throws IOException {
        ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        backends.add(s);
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    c.getOutputStream().write(name.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return s.getLocalPort();
    }

    static String get(InetSocketAddress at) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(at, 2000);
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void forwardsRoundRobinOverReadyEndpointsAndFollowsChanges() throws IOException {
        int a = backend("a");
        int b = backend("b");
        // Two loopback addresses stand for two pods listening on one port each.
        services.update(null, service("default", "web", "ClusterIP", "10.96.0.20", Port.tcp("", 80, 8080)).build());
        endpoints.endpointSliceUpdate(slice("default", "web", "web-1", List.of(new SlicePort("", a, "TCP")),
                List.of(Ep.ready("127.0.0.1", "node-1"))), false);
        endpoints.endpointSliceUpdate(slice("default", "web", "web-2", List.of(new SlicePort("", b, "TCP")),
                List.of(Ep.ready("127.0.0.1", "node-1"))), false);
        assertTrue(proxier.sync());
        var name = new ServicePortName("default", "web", "", "TCP");
        InetSocketAddress at = proxier.clusterAddress(name).orElseThrow();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) answers.add(get(at));
        assertEquals(List.of("a", "b"), answers.stream().sorted().toList(), "one connection to each endpoint");
        assertEquals(2, proxier.endpointsOf(name).size());

        // Now two endpoints on distinct loopback addresses sharing a port.
        ServerSocket s1 = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.2"));
        int port = s1.getLocalPort();
        s1.close();
        ServerSocket p1 = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.2"));
        ServerSocket p2 = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.3"));
        backends.add(p1);
        backends.add(p2);
        serve(p1, "pod-1");
        serve(p2, "pod-2");
        endpoints.endpointSliceUpdate(slice("default", "web", "web-2", List.of(new SlicePort("", port, "TCP")), List.of()), true);
        endpoints.endpointSliceUpdate(slice("default", "web", "web-1", List.of(new SlicePort("", port, "TCP")),
                List.of(Ep.ready("127.0.0.2", "node-1"), Ep.ready("127.0.0.3", "node-1"),
                        new Ep("127.0.0.4", "node-1", false, false, false))), false);
        assertTrue(proxier.sync());
        answers.clear();
        for (int i = 0; i < 4; i++) answers.add(get(at));
        assertEquals(List.of("pod-1", "pod-2", "pod-1", "pod-2").stream().sorted().toList(), answers.stream().sorted().toList());
        assertTrue(!answers.get(0).equals(answers.get(1)), "round-robin: " + answers);

        endpoints.endpointSliceUpdate(slice("default", "web", "web-1", List.of(new SlicePort("", port, "TCP")), List.of()), false);
        assertTrue(proxier.sync());
        assertEquals("", get(at), "no endpoints: the connection is closed at once");
    }

    private static void serve(ServerSocket s, String name) {
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    c.getOutputStream().write(name.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @Test
    void forwardsUdpWithASessionPerClient() throws IOException {
        java.net.DatagramSocket first = new java.net.DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.2"));
        int port = first.getLocalPort();
        java.net.DatagramSocket second = new java.net.DatagramSocket(port, java.net.InetAddress.getByName("127.0.0.3"));
        try (first; second) {
            udpServe(first, "udp-1");
            udpServe(second, "udp-2");
            services.update(null, service("default", "dns", "ClusterIP", "10.96.0.30", new Port("dns", 53, "UDP", 0, port)).build());
            endpoints.endpointSliceUpdate(slice("default", "dns", "dns-1", List.of(new SlicePort("dns", port, "UDP")),
                    List.of(Ep.ready("127.0.0.2", "node-1"), Ep.ready("127.0.0.3", "node-1"))), false);
            assertTrue(proxier.sync());
            InetSocketAddress at = proxier.clusterAddress(new ServicePortName("default", "dns", "dns", "UDP")).orElseThrow();
            List<String> answers = new ArrayList<>();
            for (int client = 0; client < 2; client++) {
                try (java.net.DatagramSocket c = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                    c.setSoTimeout(5000);
                    String a = udpAsk(c, at);
                    assertEquals(a, udpAsk(c, at), "one client stays on its endpoint");
                    answers.add(a);
                }
            }
            assertEquals(List.of("udp-1", "udp-2"), answers.stream().sorted().toList());
        }
    }

    private static String udpAsk(java.net.DatagramSocket c, InetSocketAddress at) throws IOException {
        c.send(new java.net.DatagramPacket(new byte[] {1}, 1, at));
        var p = new java.net.DatagramPacket(new byte[64], 64);
        c.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private static void udpServe(java.net.DatagramSocket s, String name) {
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[64];
            byte[] answer = name.getBytes(StandardCharsets.UTF_8);
            while (!s.isClosed()) {
                try {
                    var p = new java.net.DatagramPacket(buf, buf.length);
                    s.receive(p);
                    s.send(new java.net.DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }
}
