package io.j8s.proxy.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class ForwarderTest {

    /**
     * A node whose resolvers cannot be reached when the agent starts (no network yet, no route)
     * still gets a DNS server: the unreachable upstream is skipped with SERVFAIL, and the next one
     * in resolv.conf order answers.
     */
    @Test
    void anUpstreamThatCannotBeReachedAtStartIsSkippedNotFatal() throws Exception {
        // A UDP socket cannot be connected to the broadcast address without SO_BROADCAST (EACCES).
        var unreachable = new InetSocketAddress("255.255.255.255", 53);
        var metrics = new DnsMetrics(new PrometheusRegistry(), "dns://:0");
        try (FakeUpstream fake = new FakeUpstream();
             Forwarder alone = new Forwarder(List.of(unreachable), Duration.ofMillis(500), metrics);
             Forwarder both = new Forwarder(List.of(unreachable, fake.address()), Duration.ofMillis(500), metrics)) {
            Message q = ClusterZoneTest.query("host-1.example.org.", Type.A);
            assertThat(alone.forward(q).get(10, TimeUnit.SECONDS).getRcode()).isEqualTo(Rcode.SERVFAIL);
            Message answer = both.forward(q).get(10, TimeUnit.SECONDS);
            assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(answer.getHeader().getID()).isEqualTo(q.getHeader().getID());
        }
    }
}
