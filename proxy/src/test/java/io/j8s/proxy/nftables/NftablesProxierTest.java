package io.j8s.proxy.nftables;

import static io.j8s.proxy.Fixtures.service;
import static io.j8s.proxy.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which transaction a sync writes: replace first and after a failure, full when due, partial otherwise. */
class NftablesProxierTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MutableClock clock = new MutableClock();
    final ServiceChangeTracker services = new ServiceChangeTracker();
    final EndpointsChangeTracker endpoints = new EndpointsChangeTracker("node-1", Instant.EPOCH);
    final List<String> scripts = new ArrayList<>();
    boolean fail;
    final NftablesProxier proxier = new NftablesProxier(new NftablesProxier.Config("j8s-proxy", "10.244.0.0/16", 0,
            Duration.ofHours(1)), script -> {
        scripts.add(script);
        return new Nft.Result(!fail, fail ? "Error: Could not process rule" : "");
    }, services, endpoints, new ProxyMetrics(), new ProxierHealth(clock, Duration.ofMinutes(1)), clock);

    void addService(String name, String ip, String endpointIp) {
        services.update(null, service("default", name, "ClusterIP", ip, Port.tcp("", 80, 8080)).build());
        endpoints.endpointSliceUpdate(slice("default", name, name + "-1", List.of(new SlicePort("", 8080, "TCP")),
                List.of(Ep.ready(endpointIp, "node-1"))), false);
    }

    static String kind(String script) {
        if (script.startsWith("add table ip j8s-proxy\ndelete table")) return "replace";
        if (script.startsWith("add table")) return "full";
        return "partial";
    }

    @Test
    void aFailedTransactionIsFollowedByAReplace() {
        addService("a", "10.96.0.1", "10.244.1.2");
        assertTrue(proxier.sync());
        assertEquals("replace", kind(scripts.getLast()));

        addService("b", "10.96.0.2", "10.244.1.3");
        fail = true;
        assertFalse(proxier.sync(), "nft refused the partial transaction");
        assertEquals("partial", kind(scripts.getLast()));

        fail = false;
        assertTrue(proxier.sync(), "the retry");
        assertEquals("replace", kind(scripts.getLast()));
        assertTrue(scripts.getLast().contains("10.96.0.1 . tcp . 80") && scripts.getLast().contains("10.96.0.2 . tcp . 80"),
                "the replace holds every service, the failed change included");
        assertEquals(List.of("default/a", "default/b"), List.copyOf(proxier.programmedServices()));
    }

    @Test
    void nothingChangedWritesNothingAndAFullSyncComesWhenDue() {
        addService("a", "10.96.0.1", "10.244.1.2");
        assertTrue(proxier.sync());
        int writes = scripts.size();
        assertTrue(proxier.sync());
        assertEquals(writes, scripts.size(), "a periodic sync with nothing changed writes nothing");

        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertTrue(proxier.sync());
        assertEquals("full", kind(scripts.getLast()));
        assertTrue(scripts.getLast().contains("flush map ip j8s-proxy service-ips"));
    }

    @Test
    void aPartialSyncTouchesOnlyTheChangedService() {
        addService("a", "10.96.0.1", "10.244.1.2");
        addService("b", "10.96.0.2", "10.244.1.3");
        assertTrue(proxier.sync());
        endpoints.endpointSliceUpdate(slice("default", "b", "b-1", List.of(new SlicePort("", 8080, "TCP")),
                List.of(Ep.ready("10.244.1.4", "node-1"))), false);
        assertTrue(proxier.sync());
        String partial = scripts.getLast();
        assertEquals("partial", kind(partial));
        assertFalse(partial.contains("default/a/"), partial);
        assertTrue(partial.contains("dnat to 10.244.1.4:8080") && partial.contains("delete chain"), partial);
    }
}
