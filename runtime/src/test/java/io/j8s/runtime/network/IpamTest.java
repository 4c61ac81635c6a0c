package io.j8s.runtime.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpamTest {
    @TempDir
    Path dir;

    @Test
    void cidrKnowsItsGatewayAndPodRange() {
        Cidr cidr = Cidr.parse("10.244.1.0/24");

        assertThat(cidr.gateway()).isEqualTo("10.244.1.1");
        assertThat(cidr.address(cidr.firstPodOffset())).isEqualTo("10.244.1.2");
        assertThat(cidr.address(cidr.lastPodOffset())).isEqualTo("10.244.1.254");
        assertThat(cidr.offsetOf("10.244.1.77")).isEqualTo(77);
        assertThat(cidr.offsetOf("10.244.2.77")).isEqualTo(-1);
        assertThat(cidr).hasToString("10.244.1.0/24");
        assertThatThrownBy(() -> Cidr.parse("10.244.1.5/24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.244.1.0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostLocalReservationsSurviveANewInstance() {
        var first = new HostLocalIpam(Cidr.parse("10.244.3.0/24"), dir);
        String a = first.allocate("sandbox-a").orElseThrow();
        String b = first.allocate("sandbox-b").orElseThrow();

        var second = new HostLocalIpam(Cidr.parse("10.244.3.0/24"), dir);

        assertThat(a).isEqualTo("10.244.3.2");
        assertThat(b).isEqualTo("10.244.3.3");
        assertThat(second.addressOf("sandbox-a")).contains(a);
        assertThat(second.allocate("sandbox-a")).contains(a);
        assertThat(second.allocate("sandbox-c")).contains("10.244.3.4");
    }

    @Test
    void aReleasedAddressIsNotReusedAtOnce() {
        for (Ipam ipam : new Ipam[] {new HostLocalIpam(Cidr.parse("10.244.4.0/24"), dir), new InMemoryIpam(Cidr.parse("10.244.4.0/24"))}) {
            String a = ipam.allocate("a").orElseThrow();
            ipam.release("a");
            ipam.release("a"); // idempotent

            assertThat(ipam.addressOf("a")).isEmpty();
            assertThat(ipam.allocate("b")).isNotEqualTo(Optional.of(a));
        }
    }

    @Test
    void aFullRangeAllocatesNothingAndWrapsAroundAfterReleases() {
        for (Ipam ipam : new Ipam[] {new HostLocalIpam(Cidr.parse("10.244.5.0/29"), dir), new InMemoryIpam(Cidr.parse("10.244.5.0/29"))}) {
            var ips = new HashSet<String>();
            for (int i = 0; i < 5; i++) { // .2 .. .6 (.0 network, .1 gateway, .7 broadcast)
                ips.add(ipam.allocate("s" + i).orElseThrow());
            }
            assertThat(ips).hasSize(5).doesNotContain("10.244.5.1", "10.244.5.7");
            assertThat(ipam.allocate("late")).isEmpty();

            ipam.release("s1");
            assertThat(ipam.allocate("late")).contains("10.244.5.3");
        }
    }
}
