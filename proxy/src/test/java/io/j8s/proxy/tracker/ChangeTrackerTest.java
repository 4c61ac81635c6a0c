package io.j8s.proxy.tracker;

import static io.j8s.proxy.Fixtures.service;
import static io.j8s.proxy.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.j8s.proxy.Fixtures.Ep;
import io.j8s.proxy.Fixtures.Port;
import io.j8s.proxy.Fixtures.SlicePort;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChangeTrackerTest {

    static final SlicePort HTTP = new SlicePort("http", 8080, "TCP");

    static Service web(String ip) {
        return service("default", "web", "ClusterIP", ip, Port.tcp("http", 80, "http")).build();
    }

    @Test
    void servicesChangedAndChangedBackBeforeASyncAreNotAChange() {
        var t = new ServiceChangeTracker();
        Map<ServicePortName, ServicePort> map = new HashMap<>();
        assertTrue(t.update(null, web("10.96.0.5")));
        assertEquals(Set.of("default/web"), t.apply(map));
        assertEquals(1, map.size());

        assertTrue(t.update(web("10.96.0.5"), web("10.96.0.6")));
        assertFalse(t.update(web("10.96.0.6"), web("10.96.0.5")), "back to what was applied");
        assertEquals(0, t.pendingCount());
        assertEquals(Set.of(), t.apply(map));
        assertEquals(3, t.changesTotal());
    }

    @Test
    void manyEventsForOneServiceAreOneChangeFromPreviousToCurrent() {
        var t = new ServiceChangeTracker();
        Map<ServicePortName, ServicePort> map = new HashMap<>();
        t.update(null, web("10.96.0.5"));
        t.update(web("10.96.0.5"), web("10.96.0.6"));
        t.update(web("10.96.0.6"), web("10.96.0.7"));
        assertEquals(1, t.pendingCount());
        assertEquals(Set.of("default/web"), t.apply(map));
        assertEquals("10.96.0.7", map.values().iterator().next().clusterIp());

        t.update(web("10.96.0.7"), null);
        assertEquals(Set.of("default/web"), t.apply(map));
        assertTrue(map.isEmpty());
    }

    record PortsCase(String name, Service service, int wantPorts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<PortsCase> portsCases() {
        return Stream.of(
                new PortsCase("clusterIP", web("10.96.0.5"), 1),
                new PortsCase("headless", web("None"), 0),
                new PortsCase("no clusterIP yet", web(""), 0),
                new PortsCase("ExternalName", service("default", "ext", "ExternalName", "", Port.tcp("", 80, 80)).build(), 0),
                new PortsCase("another proxy's", service("default", "x", "ClusterIP", "10.96.0.9", Port.tcp("", 80, 80))
                        .editMetadata().addToLabels("service.kubernetes.io/service-proxy-name", "other").endMetadata().build(), 0),
                new PortsCase("two ports", service("default", "two", "NodePort", "10.96.0.9", new Port("a", 80, "TCP", 30001, 80),
                        new Port("b", 53, "UDP", 30002, 53)).build(), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("portsCases")
    void proxiesOnlyServicesWithAClusterIp(PortsCase c) {
        assertEquals(c.wantPorts(), ServiceChangeTracker.portsOf(c.service()).size());
    }

    @Test
    void sessionAffinityAndPoliciesAreRead() {
        Service s = service("default", "np", "NodePort", "10.96.0.8", new Port("", 80, "TCP", 30080, 80)).editSpec()
                .withSessionAffinity("ClientIP").withExternalTrafficPolicy("Local").withInternalTrafficPolicy("Local").endSpec().build();
        ServicePort p = ServiceChangeTracker.portsOf(s).values().iterator().next();
        assertEquals(10800, p.stickyMaxAgeSeconds());
        assertTrue(p.internalLocal());
        assertTrue(p.externalLocal());
        assertEquals(30080, p.nodePort());
    }

    @Test
    void slicesOfOneServiceAreMergedAndOnlyRealChangesCount() {
        var t = new EndpointsChangeTracker("node-1", Instant.parse("2026-01-01T00:00:00Z"));
        Map<ServicePortName, List<Endpoint>> map = new HashMap<>();
        assertTrue(t.endpointSliceUpdate(slice("default", "web", "web-a", List.of(HTTP),
                List.of(Ep.ready("10.244.1.2", "node-1"))), false));
        assertTrue(t.endpointSliceUpdate(slice("default", "web", "web-b", List.of(HTTP),
                List.of(Ep.ready("10.244.2.2", "node-2"), new Ep("10.244.1.2", "node-1", false, false, false))), false));
        assertFalse(t.endpointSliceUpdate(slice("default", "web", "web-a", List.of(HTTP),
                List.of(Ep.ready("10.244.1.2", "node-1"))), false), "the same slice again");
        var result = t.apply(map);
        assertEquals(Set.of("default/web"), result.changedServices());
        List<Endpoint> eps = map.get(new ServicePortName("default", "web", "http", "TCP"));
        assertEquals(List.of("10.244.1.2:8080", "10.244.2.2:8080"), eps.stream().map(Endpoint::address).toList());
        assertTrue(eps.get(0).ready(), "a ready copy of an address wins");
        assertTrue(eps.get(0).local());
        assertFalse(eps.get(1).local());

        t.endpointSliceUpdate(slice("default", "web", "web-b", List.of(HTTP), List.of()), true);
        t.apply(map);
        assertEquals(1, map.get(new ServicePortName("default", "web", "http", "TCP")).size());
    }

    @Test
    void triggerTimesAfterTheStartAreReportedWithTheirChange() {
        var t = new EndpointsChangeTracker("node-1", Instant.parse("2026-01-01T00:00:00Z"));
        Map<ServicePortName, List<Endpoint>> map = new HashMap<>();
        t.endpointSliceUpdate(slice("default", "web", "web-a", List.of(HTTP), List.of(Ep.ready("10.244.1.2", "n")),
                "2025-12-31T23:00:00Z"), false);
        assertEquals(Map.of(), t.apply(map).lastChangeTriggerTimes(), "the initial list is no sample");
        t.endpointSliceUpdate(slice("default", "web", "web-a", List.of(HTTP), List.of(Ep.ready("10.244.1.3", "n")),
                "2026-01-01T00:00:05Z"), false);
        assertEquals(Map.of("default/web", List.of(Instant.parse("2026-01-01T00:00:05Z"))), t.apply(map).lastChangeTriggerTimes());
    }

    @Test
    void headlessAndForeignSlicesAreIgnored() {
        var t = new EndpointsChangeTracker("node-1", Instant.EPOCH);
        var headless = slice("default", "h", "h-1", List.of(HTTP), List.of(Ep.ready("10.244.1.2", "n")));
        headless.getMetadata().getLabels().put("service.kubernetes.io/headless", "");
        assertFalse(t.endpointSliceUpdate(headless, false));
        var noService = slice("default", "x", "x-1", List.of(HTTP), List.of());
        noService.getMetadata().getLabels().remove("kubernetes.io/service-name");
        assertFalse(t.endpointSliceUpdate(noService, false));
    }

    record CategorizeCase(String name, List<Endpoint> endpoints, List<String> cluster, List<String> local, boolean hasAny) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Endpoint ep(String ip, boolean local, boolean ready, boolean serving, boolean terminating) {
        return new Endpoint(ip, 80, local ? "node-1" : "node-2", ready, serving, terminating, local);
    }

    static Stream<CategorizeCase> categorizeCases() {
        return Stream.of(
                new CategorizeCase("ready ones only", List.of(ep("10.0.0.1", true, true, true, false),
                        ep("10.0.0.2", false, false, true, true)), List.of("10.0.0.1"), List.of("10.0.0.1"), true),
                new CategorizeCase("terminating fallback", List.of(ep("10.0.0.1", true, false, true, true),
                        ep("10.0.0.2", false, false, false, true)), List.of("10.0.0.1"), List.of("10.0.0.1"), true),
                new CategorizeCase("none local", List.of(ep("10.0.0.2", false, true, true, false)), List.of("10.0.0.2"),
                        List.of(), true),
                new CategorizeCase("not ready at all", List.of(ep("10.0.0.2", false, false, false, false)), List.of(),
                        List.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categorizeCases")
    void categorizesAsUpstream(CategorizeCase c) {
        var got = CategorizedEndpoints.of(c.endpoints());
        assertEquals(c.cluster(), got.cluster().stream().map(Endpoint::ip).toList());
        assertEquals(c.local(), got.local().stream().map(Endpoint::ip).toList());
        assertEquals(c.hasAny(), got.hasAny());
    }
}
