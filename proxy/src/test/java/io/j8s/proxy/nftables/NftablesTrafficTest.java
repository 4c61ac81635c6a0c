package io.j8s.proxy.nftables;

import static io.j8s.proxy.Fixtures.service;
import static io.j8s.proxy.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.j8s.proxy.Fixtures.Ep;
import io.j8s.proxy.Fixtures.Port;
import io.j8s.proxy.Fixtures.SlicePort;
import io.j8s.proxy.metrics.ProxierHealth;
import io.j8s.proxy.metrics.ProxyMetrics;
import io.j8s.proxy.tracker.EndpointsChangeTracker;
import io.j8s.proxy.tracker.ServiceChangeTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real traffic through the rules, in network namespaces this test makes: node-1 (bridge
 * 10.244.1.0/24, pods p1..p3 serving their name, client c0), node-2 (10.244.2.0/24, pod q1) linked to
 * node-1, and an "outside" host on node-1's address 172.30.0.1. The proxier runs for node-1 with
 * {@code ip netns exec}. Skipped unless root with nft, ip, busybox and curl.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NftablesTrafficTest {

    static final SlicePort HTTP = new SlicePort("", 8080, "TCP");
    static NetnsLab lab;
    static ServiceChangeTracker services;
    static EndpointsChangeTracker endpoints;
    static NftablesProxier proxier;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(NftCheck.usable() && NetnsLab.runResult(List.of("busybox", "true")).code() == 0
                && NetnsLab.runResult(List.of("curl", "--version")).code() == 0, "needs root with nft, ip, busybox, curl");
        lab = new NetnsLab();
        lab.node("node-1", "10.244.1.1/24");
        lab.node("node-2", "10.244.2.1/24");
        lab.pod("node-1", "p1", "10.244.1.2", "10.244.1.1");
        lab.pod("node-1", "p2", "10.244.1.3", "10.244.1.1");
        lab.pod("node-1", "p3", "10.244.1.4", "10.244.1.1");
        lab.pod("node-1", "c0", "10.244.1.10", "10.244.1.1");
        lab.pod("node-2", "q1", "10.244.2.2", "10.244.2.1");
        lab.node("outside", "192.168.77.1/24");
        lab.link("node-1", "172.30.0.1", "outside", "172.30.0.100");
        lab.link("node-1", "172.31.0.1", "node-2", "172.31.0.2");
        lab.sh("node-1", "ip route add 10.244.2.0/24 via 172.31.0.2 && ip route add default via 172.30.0.100");
        lab.sh("node-2", "ip route add default via 172.31.0.1");
        lab.sh("outside", "ip route add default via 172.30.0.1");

        services = new ServiceChangeTracker();
        endpoints = new EndpointsChangeTracker("node-1", Instant.EPOCH);
        proxier = new NftablesProxier(new NftablesProxier.Config("j8s-proxy", "10.244.0.0/16", 10053, Duration.ofSeconds(30)),
                Nft.command(lab.exec("node-1")), services, endpoints, new ProxyMetrics(),
                new ProxierHealth(Clock.systemUTC(), Duration.ofMinutes(1)), Clock.systemUTC());
        services.update(null, service("default", "web", "ClusterIP", "10.96.0.20", Port.tcp("", 80, 8080)).build());
        services.update(null, service("default", "empty", "ClusterIP", "10.96.0.21", Port.tcp("", 80, 8080)).build());
        services.update(null, service("default", "np", "NodePort", "10.96.0.22", new Port("", 80, "TCP", 30080, 8080)).build());
        services.update(null, service("default", "np-empty", "NodePort", "10.96.0.25", new Port("", 80, "TCP", 30081, 8080)).build());
        services.update(null, service("default", "remote", "ClusterIP", "10.96.0.23", Port.tcp("", 80, 8080)).build());
        services.update(null, service("default", "sticky", "ClusterIP", "10.96.0.26", Port.tcp("", 80, 8080)).editSpec()
                .withSessionAffinity("ClientIP").endSpec().build());
        endpoints.endpointSliceUpdate(slice("default", "sticky", "sticky-1", List.of(HTTP), List.of(Ep.ready("10.244.1.2", "node-1"),
                Ep.ready("10.244.1.3", "node-1"), Ep.ready("10.244.1.4", "node-1"))), false);
        // The node-local DNS server's stand-in: whatever listens on the redirect port answers "node-dns".
        services.update(null, service("kube-system", "kube-dns", "ClusterIP", "10.96.0.10", new Port("dns", 53, "UDP", 0, 53),
                new Port("dns-tcp", 53, "TCP", 0, 53)).build());
        lab.serve("node-1", "node-dns", 10053);
        services.update(null, service("default", "self", "ClusterIP", "10.96.0.24", Port.tcp("", 80, 8080)).build());
        endpoints.endpointSliceUpdate(slice("default", "web", "web-1", List.of(HTTP), List.of(Ep.ready("10.244.1.2", "node-1"),
                Ep.ready("10.244.1.3", "node-1"), Ep.ready("10.244.1.4", "node-1"))), false);
        endpoints.endpointSliceUpdate(slice("default", "np", "np-1", List.of(HTTP), List.of(Ep.ready("10.244.1.2", "node-1"))), false);
        endpoints.endpointSliceUpdate(slice("default", "remote", "remote-1", List.of(HTTP),
                List.of(Ep.ready("10.244.2.2", "node-2"))), false);
        endpoints.endpointSliceUpdate(slice("default", "self", "self-1", List.of(HTTP), List.of(Ep.ready("10.244.1.2", "node-1"))), false);
        assertTrue(proxier.sync(), proxier.lastScript());
        for (String pod : List.of("10.244.1.2", "10.244.1.3", "10.244.1.4")) lab.awaitServing("c0", "http://" + pod + ":8080/");
        lab.awaitServing("c0", "http://10.244.2.2:8080/");
        lab.awaitServing("node-1", "http://127.0.0.1:10053/");
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) lab.close();
    }

    static Set<String> answers(String from, String url, int times) {
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < times; i++) {
            var r = lab.curl(from, url);
            assertEquals(0, r.code(), "curl " + url + " from " + from + ": " + r.output());
            seen.add(r.output().strip());
        }
        return seen;
    }

    @Test
    @Order(1)
    void aClusterIpBalancesOverItsEndpoints() {
        assertEquals(Set.of("p1", "p2", "p3"), answers("c0", "http://10.96.0.20/", 40));
    }

    @Test
    @Order(2)
    void aClusterIpWithoutEndpointsRefusesAtOnce() {
        var r = lab.curl("c0", "http://10.96.0.21/");
        assertEquals(7, r.code(), "curl's exit code for a refused connection: " + r.output());
        assertTrue(r.millis() < 2000, "refused, not timed out: " + r.millis() + " ms");
        var fromNode = new java.util.ArrayList<>(lab.exec("node-1"));
        fromNode.addAll(List.of("curl", "-s", "-m", "3", "http://10.96.0.21/"));
        assertEquals(7, NetnsLab.runResult(fromNode).code(), "from the node itself too");
        var wrongPort = lab.curl("c0", "http://10.96.0.20:81/");
        assertEquals(7, wrongPort.code(), "a port the Service does not have is refused too: " + wrongPort.output());
        assertTrue(wrongPort.millis() < 2000, "refused, not timed out: " + wrongPort.millis() + " ms");
        var fromNodeWrongPort = new java.util.ArrayList<>(lab.exec("node-1"));
        fromNodeWrongPort.addAll(List.of("curl", "-s", "-m", "3", "http://10.96.0.20:81/"));
        assertEquals(7, NetnsLab.runResult(fromNodeWrongPort).code(), "and from the node");
    }

    @Test
    @Order(3)
    void aNodePortAnswersOnTheNodesAddressAndRefusesWithoutEndpoints() {
        assertEquals(Set.of("p1"), answers("outside", "http://172.30.0.1:30080/", 3));
        assertEquals(Set.of("p1"), answers("outside", "http://172.31.0.1:30080/", 1), "on every address of the node");
        var r = lab.curl("outside", "http://172.30.0.1:30081/");
        assertEquals(7, r.code(), "NodePort without endpoints: " + r.output());
    }

    @Test
    @Order(4)
    void aClusterIpReachesAnEndpointOnAnotherNode() {
        assertEquals(Set.of("q1"), answers("c0", "http://10.96.0.23/", 3));
    }

    @Test
    @Order(5)
    void aPodReachesItselfThroughItsService() {
        assertEquals(Set.of("p1"), answers("p1", "http://10.96.0.24/", 3));
    }

    @Test
    @Order(6)
    void anEndpointNoLongerReadyGetsNoTraffic() {
        endpoints.endpointSliceUpdate(slice("default", "web", "web-1", List.of(HTTP), List.of(Ep.ready("10.244.1.2", "node-1"),
                Ep.ready("10.244.1.3", "node-1"), new Ep("10.244.1.4", "node-1", false, false, false))), false);
        assertTrue(proxier.sync());
        assertTrue(proxier.lastScript().startsWith("flush chain"), "a partial sync:\n" + proxier.lastScript());
        assertEquals(Set.of("p1", "p2"), answers("c0", "http://10.96.0.20/", 30));
    }

    @Test
    @Order(7)
    void sessionAffinityKeepsAClientOnOneEndpoint() {
        assertEquals(1, answers("c0", "http://10.96.0.26/", 10).size());
    }

    @Test
    @Order(8)
    void theDnsServiceIsRedirectedToTheNodeLocalServer() {
        assertEquals(Set.of("node-dns"), answers("c0", "http://10.96.0.10:53/", 2), "from a pod");
        assertEquals(Set.of("node-dns"), answers("node-1", "http://10.96.0.10:53/", 1), "from the node");
    }
}
