package io.j8s.apiserver.service;

import static io.j8s.apiserver.service.ServiceAllocationTest.client;
import static io.j8s.apiserver.service.ServiceAllocationTest.invalid;
import static io.j8s.apiserver.service.ServiceAllocationTest.port;
import static io.j8s.apiserver.service.ServiceAllocationTest.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.Poll;
import io.j8s.apiserver.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Allocation under concurrent creates, across two API servers, and across restarts. */
class ServiceRepairTest {

    static final IpRange IPS = IpRange.parse("10.96.0.0/12");
    static final PortRange PORTS = PortRange.parse("30000-32767");

    final List<AutoCloseable> open = new ArrayList<>();

    TestServer server(Duration repairInterval) throws Exception {
        TestServer s = new TestServer(TestServer.realParts(),
                c -> c.withServices(new ApiServer.ServiceNetwork(IPS.toString(), PORTS.toString(), repairInterval)));
        open.add(s);
        return s;
    }

    KubernetesClient clientOf(TestServer s) {
        KubernetesClient c = client(s);
        open.add(c);
        return c;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    /** What the store's records hold, read the way a second API server would. */
    static AllocationBitmap storedIps(TestServer s) {
        return new StoredRange(s.store, "serviceips", IPS.toString(), IPS.size(), IPS.staticBlock(), new Random()).read().bitmap();
    }

    static AllocationBitmap storedPorts(TestServer s) {
        return new StoredRange(s.store, "servicenodeports", PORTS.toString(), PORTS.size(), PORTS.staticBlock(), new Random()).read().bitmap();
    }

    @Test
    void fiftyConcurrentCreatesOnTwoServersGetDistinctAddressesAndNoneIsLost() throws Exception {
        TestServer a = server(Duration.ZERO);
        // A second API server on the same store, as two kube-apiservers on one etcd.
        TestServer b = a.restart();
        open.add(b.server);
        List<KubernetesClient> clients = List.of(clientOf(a), clientOf(b));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Service>> created = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                KubernetesClient c = clients.get(i % 2);
                String name = "s" + i;
                created.add(pool.submit((Callable<Service>) () -> c.services().resource(svc(name, "NodePort", null)).create()));
            }
            Set<String> ips = new HashSet<>();
            Set<Integer> ports = new HashSet<>();
            for (Future<Service> f : created) {
                Service s = f.get();
                assertThat(ips.add(s.getSpec().getClusterIP())).as("cluster IP %s given twice", s.getSpec().getClusterIP()).isTrue();
                assertThat(ports.add(s.getSpec().getPorts().get(0).getNodePort())).isTrue();
            }
            assertThat(ips).hasSize(50);
            AllocationBitmap stored = storedIps(a);
            // The 50, kubernetes and kube-dns: none lost to a concurrent write.
            assertThat(stored.size() - stored.free()).isEqualTo(52);
            for (String ip : ips) assertThat(stored.has(IPS.offsetOf(ip))).isTrue();
            AllocationBitmap storedPorts = storedPorts(a);
            assertThat(storedPorts.size() - storedPorts.free()).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRestartRebuildsLostAllocationsFromTheServices() throws Exception {
        TestServer s = server(Duration.ZERO);
        KubernetesClient c = clientOf(s);
        c.services().resource(svc("a", "NodePort", "10.96.0.100", port("http", 80, "TCP", 30500))).create();
        Service dynamic = c.services().resource(svc("b", null, null)).create();
        s.server.close();
        // The records are gone (a store restored from an old snapshot, say).
        s.store.delete("/registry/ranges/serviceips");
        s.store.delete("/registry/ranges/servicenodeports");

        TestServer again = s.restart();
        open.add(again.server);
        KubernetesClient c2 = clientOf(again);
        assertThat(invalid(() -> c2.services().resource(svc("x", null, "10.96.0.100")).create())).contains("provided IP is already allocated");
        assertThat(invalid(() -> c2.services().resource(svc("y", null, dynamic.getSpec().getClusterIP())).create()))
                .contains("provided IP is already allocated");
        assertThat(invalid(() -> c2.services().resource(svc("z", "NodePort", null, port("http", 80, "TCP", 30500))).create()))
                .contains("provided port is already allocated");
        AllocationBitmap stored = storedIps(again);
        assertThat(stored.has(IPS.offsetOf("10.96.0.1"))).isTrue();
        // The repair says so on the Services, as upstream's repair controllers.
        assertThat(c2.v1().events().inNamespace("default").list().getItems())
                .filteredOn(e -> e.getInvolvedObject().getName().equals("a"))
                .extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
                .containsExactlyInAnyOrder("Warning ClusterIPNotAllocated: Cluster IP [IPv4]: 10.96.0.100 is not allocated; repairing",
                        "Warning PortNotAllocated: Port 30500 is not allocated; repairing");
        assertThat(stored.has(IPS.offsetOf("10.96.0.10"))).isTrue();
    }

    @Test
    void anAllocationWhoseServiceIsGoneIsReleasedAfterThreeRepairs() throws Exception {
        TestServer s = server(Duration.ZERO);
        KubernetesClient c = clientOf(s);
        c.services().resource(svc("gone", "NodePort", "10.96.0.110", port("http", 80, "TCP", 30510))).create();
        s.server.close();
        // The Service vanishes behind the registry's back (a crash between allocating and storing looks the same).
        s.store.delete("/registry/core/services/default/gone");

        // The repair a restarted server runs, one pass at a time.
        Repair repair = new Repair(s.store, new ServiceAllocator(s.store, IPS, PORTS, new Random()));
        for (int pass = 1; pass < Repair.REPAIRS_BEFORE_LEAK_CLEANUP; pass++) {
            repair.runOnce();
            assertThat(storedIps(s).has(IPS.offsetOf("10.96.0.110"))).as("held after pass %d", pass).isTrue();
            assertThat(storedPorts(s).has(PORTS.offsetOf(30510))).isTrue();
        }
        repair.runOnce();
        assertThat(storedIps(s).has(IPS.offsetOf("10.96.0.110"))).isFalse();
        assertThat(storedPorts(s).has(PORTS.offsetOf(30510))).isFalse();
        assertThat(storedIps(s).has(IPS.offsetOf("10.96.0.1"))).isTrue();
    }

    @Test
    void thePeriodicRepairReleasesALeakWhileServing() throws Exception {
        TestServer s = server(Duration.ofMillis(50));
        KubernetesClient c = clientOf(s);
        c.services().resource(svc("gone", null, "10.96.0.120")).create();
        s.store.delete("/registry/core/services/default/gone");
        Poll.until(() -> !storedIps(s).has(IPS.offsetOf("10.96.0.120")));
        assertThat(c.services().resource(svc("new", null, "10.96.0.120")).create().getSpec().getClusterIP()).isEqualTo("10.96.0.120");
    }
}
