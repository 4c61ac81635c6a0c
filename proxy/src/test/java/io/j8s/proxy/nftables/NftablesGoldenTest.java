package io.j8s.proxy.nftables;

import static io.j8s.proxy.Fixtures.service;
import static io.j8s.proxy.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.j8s.proxy.Fixtures.Ep;
import io.j8s.proxy.Fixtures.Port;
import io.j8s.proxy.Fixtures.SlicePort;
import io.j8s.proxy.metrics.ProxierHealth;
import io.j8s.proxy.metrics.ProxyMetrics;
import io.j8s.proxy.tracker.EndpointsChangeTracker;
import io.j8s.proxy.tracker.ServiceChangeTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden rule sets: the exact text piped to {@code nft -f -} for representative services, in
 * src/test/resources/golden/NAME.nft. {@code -Dgolden.update=true} rewrites the files (then read the
 * diff). Each case also passes {@code nft -c} when nft is usable here ({@link NftCheck}).
 */
class NftablesGoldenTest {

    static final String NODE = "node-1";
    static final SlicePort HTTP = new SlicePort("", 8080, "TCP");

    record Case(String name, int localDnsPort, List<Service> services, List<EndpointSlice> slices,
                Consumer<Changes> thenChange) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A change applied after the first sync; the case's golden file then holds the partial transaction. */
    interface Changes {
        void service(Service previous, Service current);

        void slice(EndpointSlice slice, boolean removed);
    }

    static Stream<Case> cases() {
        var threeEndpoints = slice("default", "web", "web-abc", List.of(HTTP), List.of(
                Ep.ready("10.244.1.2", NODE), Ep.ready("10.244.1.3", NODE), Ep.ready("10.244.2.2", "node-2")));
        return Stream.of(
                new Case("clusterip-3-endpoints", 0,
                        List.of(service("default", "web", "ClusterIP", "10.96.0.20", Port.tcp("", 80, 8080)).build()),
                        List.of(threeEndpoints), null),
                new Case("no-endpoints", 0,
                        List.of(service("default", "empty", "ClusterIP", "10.96.0.21", Port.tcp("", 80, 8080)).build()),
                        List.of(), null),
                new Case("nodeport", 0,
                        List.of(service("default", "np", "NodePort", "10.96.0.22",
                                new Port("http", 80, "TCP", 30080, 8080), new Port("empty", 81, "TCP", 30081, 8081)).build()),
                        List.of(slice("default", "np", "np-1", List.of(new SlicePort("http", 8080, "TCP")), List.of(
                                Ep.ready("10.244.1.5", NODE), Ep.ready("10.244.2.5", "node-2")))), null),
                new Case("session-affinity", 0,
                        List.of(service("default", "sticky", "ClusterIP", "10.96.0.23", Port.tcp("", 80, 8080))
                                .editSpec().withSessionAffinity("ClientIP").withNewSessionAffinityConfig().withNewClientIP()
                                .withTimeoutSeconds(600).endClientIP().endSessionAffinityConfig().endSpec().build()),
                        List.of(slice("default", "sticky", "sticky-1", List.of(HTTP), List.of(
                                Ep.ready("10.244.1.6", NODE), Ep.ready("10.244.2.6", "node-2")))), null),
                new Case("local-policies", 0,
                        List.of(service("default", "local", "NodePort", "10.96.0.24", new Port("", 80, "TCP", 30090, 8080))
                                        .editSpec().withInternalTrafficPolicy("Local").withExternalTrafficPolicy("Local").endSpec().build(),
                                service("default", "remote", "NodePort", "10.96.0.25", new Port("", 80, "TCP", 30091, 8080))
                                        .editSpec().withInternalTrafficPolicy("Local").withExternalTrafficPolicy("Local").endSpec().build()),
                        List.of(slice("default", "local", "local-1", List.of(HTTP), List.of(
                                        Ep.ready("10.244.1.7", NODE), Ep.ready("10.244.2.7", "node-2"))),
                                slice("default", "remote", "remote-1", List.of(HTTP), List.of(Ep.ready("10.244.2.8", "node-2")))),
                        null),
                new Case("named-ports", 0,
                        List.of(service("default", "multi", "ClusterIP", "10.96.0.26", Port.tcp("http", 80, "web"),
                                new Port("stats", 9090, "UDP", 0, "stats")).build()),
                        List.of(slice("default", "multi", "multi-1",
                                List.of(new SlicePort("http", 8080, "TCP"), new SlicePort("stats", 9100, "UDP")),
                                List.of(Ep.ready("10.244.1.9", NODE),
                                        new Ep("10.244.1.10", NODE, false, true, true), // terminating: unused while one is ready
                                        new Ep("10.244.1.11", NODE, false, false, false)))), null),
                new Case("terminating-fallback", 0,
                        List.of(service("default", "draining", "ClusterIP", "10.96.0.27", Port.tcp("", 80, 8080)).build()),
                        List.of(slice("default", "draining", "draining-1", List.of(HTTP), List.of(
                                new Ep("10.244.1.12", NODE, false, true, true), new Ep("10.244.1.13", NODE, false, false, true)))),
                        null),
                new Case("kube-dns-redirect", 10053,
                        List.of(service("kube-system", "kube-dns", "ClusterIP", "10.96.0.10",
                                new Port("dns", 53, "UDP", 0, 53), new Port("dns-tcp", 53, "TCP", 0, 53)).build()),
                        List.of(), null),
                new Case("partial-endpoint-not-ready", 0,
                        List.of(service("default", "web", "ClusterIP", "10.96.0.20", Port.tcp("", 80, 8080)).build(),
                                service("default", "other", "ClusterIP", "10.96.0.30", Port.tcp("", 80, 8080)).build()),
                        List.of(threeEndpoints, slice("default", "other", "other-1", List.of(HTTP),
                                List.of(Ep.ready("10.244.1.20", NODE)))),
                        c -> c.slice(slice("default", "web", "web-abc", List.of(HTTP), List.of(
                                Ep.ready("10.244.1.2", NODE), new Ep("10.244.1.3", NODE, false, false, false),
                                Ep.ready("10.244.2.2", "node-2"))), false)),
                new Case("partial-service-deleted", 0,
                        List.of(service("default", "web", "ClusterIP", "10.96.0.20", Port.tcp("", 80, 8080)).build(),
                                service("default", "empty", "ClusterIP", "10.96.0.21", Port.tcp("", 80, 8080)).build()),
                        List.of(threeEndpoints),
                        c -> {
                            c.service(service("default", "web", "ClusterIP", "10.96.0.20", Port.tcp("", 80, 8080)).build(), null);
                            c.service(service("default", "empty", "ClusterIP", "10.96.0.21", Port.tcp("", 80, 8080)).build(), null);
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesTheGoldenTransaction(Case c) throws IOException {
        var clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        var services = new ServiceChangeTracker();
        var endpoints = new EndpointsChangeTracker(NODE, Instant.EPOCH);
        List<String> scripts = new ArrayList<>();
        Nft recording = script -> {
            scripts.add(script);
            return new Nft.Result(true, "");
        };
        var proxier = new NftablesProxier(new NftablesProxier.Config("j8s-proxy", "10.244.0.0/16", c.localDnsPort(),
                Duration.ofSeconds(30)), recording, services, endpoints, new ProxyMetrics(), new ProxierHealth(clock,
                Duration.ofMinutes(1)), clock);
        c.services().forEach(s -> services.update(null, s));
        c.slices().forEach(s -> endpoints.endpointSliceUpdate(s, false));
        assertTrue(proxier.sync());
        if (c.thenChange() != null) {
            c.thenChange().accept(new Changes() {
                @Override
                public void service(Service previous, Service current) {
                    services.update(previous, current);
                }

                @Override
                public void slice(EndpointSlice slice, boolean removed) {
                    endpoints.endpointSliceUpdate(slice, removed);
                }
            });
            assertTrue(proxier.sync());
        }
        String got = scripts.getLast();
        Path golden = Path.of("src/test/resources/golden", c.name() + ".nft");
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, got);
        assertEquals(Files.readString(golden), got, "golden " + golden + " (-Dgolden.update=true rewrites it)");
        NftCheck.assertValid(scripts);
    }
}
