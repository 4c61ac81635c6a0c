package io.j8s.apiserver.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.store.Store;
import io.j8s.store.embedded.EmbeddedStore;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ranges and the bitmap, as upstream's ipallocator, portallocator and allocator tests. */
class RangesTest {

    record IpCase(String name, String cidr, int size, int staticBlock, String first, String tenth) {}

    static Stream<IpCase> ipRanges() {
        return Stream.of(
                new IpCase("default /12", "10.96.0.0/12", 1_048_574, 256, "10.96.0.1", "10.96.0.10"),
                new IpCase("/16", "10.0.0.0/16", 65_534, 256, "10.0.0.1", "10.0.0.10"),
                new IpCase("/24", "192.168.1.0/24", 254, 16, "192.168.1.1", "192.168.1.10"),
                new IpCase("/20: size/16", "10.10.0.0/20", 4094, 256, "10.10.0.1", "10.10.0.10"),
                new IpCase("/22: size/16", "10.10.0.0/22", 1022, 64, "10.10.0.1", "10.10.0.10"),
                new IpCase("/28: no static block", "10.1.1.0/28", 14, 0, "10.1.1.1", "10.1.1.10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ipRanges")
    void ipRangesAsUpstream(IpCase c) {
        IpRange r = IpRange.parse(c.cidr());
        assertThat(r.size()).isEqualTo(c.size());
        assertThat(r.staticBlock()).isEqualTo(c.staticBlock());
        assertThat(r.nth(1)).isEqualTo(c.first());
        assertThat(r.nth(10)).isEqualTo(c.tenth());
        assertThat(r.offsetOf(c.first())).isZero();
        assertThat(r.ipAt(r.offsetOf(c.tenth()))).isEqualTo(c.tenth());
    }

    record Membership(String name, String ip, boolean inRange) {}

    static Stream<Membership> membership() {
        return Stream.of(
                new Membership("network address", "10.96.0.0", false),
                new Membership("first", "10.96.0.1", true),
                new Membership("last", "10.111.255.254", true),
                new Membership("broadcast", "10.111.255.255", false),
                new Membership("below", "10.95.255.255", false),
                new Membership("above", "10.112.0.0", false),
                new Membership("elsewhere", "10.0.0.5", false),
                new Membership("IPv6", "fd00::1", false),
                new Membership("not an IP", "abc", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("membership")
    void networkAndBroadcastAreNeverGivenOut(Membership c) {
        assertThat(IpRange.parse("10.96.0.0/12").offsetOf(c.ip()) >= 0).isEqualTo(c.inRange());
    }

    @Test
    void badRangesAreRefused() {
        assertThatThrownBy(() -> IpRange.parse("10.96.0.1/12")).hasMessageContaining("host bits are set");
        assertThatThrownBy(() -> IpRange.parse("10.96.0.0/12,fd00::/108")).hasMessageContaining("dual-stack");
        assertThatThrownBy(() -> IpRange.parse("fd00::/108")).hasMessageContaining("not an IPv4 CIDR");
        assertThatThrownBy(() -> PortRange.parse("32767-30000")).hasMessageContaining("end port is less than start port");
        assertThatThrownBy(() -> PortRange.parse("x")).hasMessageContaining("not a port range");
    }

    @Test
    void portRangesAsUpstream() {
        PortRange r = PortRange.parse("30000-32767");
        assertThat(r.size()).isEqualTo(2768);
        assertThat(r.staticBlock()).isEqualTo(86);
        assertThat(r).hasToString("30000-32767");
        assertThat(PortRange.parse("30000+99")).isEqualTo(new PortRange(30000, 100));
        assertThat(PortRange.parse("30000-30010").staticBlock()).isZero();
        assertThat(PortRange.parse("20000-29999").staticBlock()).isEqualTo(128);
        assertThat(r.offsetOf(29999)).isEqualTo(-1);
        assertThat(r.offsetOf(32768)).isEqualTo(-1);
        assertThat(r.offsetOf(32767)).isEqualTo(2767);
    }

    @Test
    void dynamicAllocationFillsTheUpperBlockFirst() {
        AllocationBitmap b = new AllocationBitmap(100, 20);
        Random random = new Random(1);
        for (int i = 0; i < 80; i++) {
            int item = b.next(random).orElseThrow();
            assertThat(item).isBetween(20, 99);
            assertThat(b.allocate(item)).isTrue();
        }
        Set<Integer> lower = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int item = b.next(random).orElseThrow();
            assertThat(item).isBetween(0, 19);
            b.allocate(item);
            lower.add(item);
        }
        assertThat(lower).hasSize(20);
        assertThat(b.next(random)).isEmpty();
        assertThat(b.free()).isZero();
        b.release(7);
        assertThat(b.next(random)).hasValue(7);
    }

    @Test
    void aTakenItemIsRefused() {
        AllocationBitmap b = new AllocationBitmap(10, 0);
        assertThat(b.allocate(3)).isTrue();
        assertThat(b.allocate(3)).isFalse();
        b.release(3);
        b.release(3);
        assertThat(b.free()).isEqualTo(10);
        assertThat(b.allocate(3)).isTrue();
    }

    @Test
    void theSnapshotRoundTripsAndStaysSmall() {
        IpRange r = IpRange.parse("10.96.0.0/12");
        AllocationBitmap b = new AllocationBitmap(r.size(), r.staticBlock());
        Random random = new Random(2);
        for (int i = 0; i < 1000; i++) b.allocate(b.next(random).orElseThrow());
        byte[] data = b.snapshot();
        AllocationBitmap back = AllocationBitmap.restore(r.size(), r.staticBlock(), data);
        assertThat(back.sameItems(b)).isTrue();
        assertThat(back.free()).isEqualTo(r.size() - 1000);
        assertThat(data.length).isLessThan(8 * 1024);
    }

    @Test
    void twoServersOnOneStoreNeverShareAnItem() throws Exception {
        try (Store store = EmbeddedStore.open(Files.createTempDirectory("ranges"))) {
            StoredRange a = new StoredRange(store, "serviceips", "10.1.1.0/28", 14, 0, new Random(3));
            StoredRange b = new StoredRange(store, "serviceips", "10.1.1.0/28", 14, 0, new Random(3));
            Set<Integer> got = new HashSet<>();
            for (int i = 0; i < 7; i++) {
                assertThat(got.add(a.allocateNext(false).orElseThrow())).isTrue();
                assertThat(got.add(b.allocateNext(false).orElseThrow())).isTrue();
            }
            assertThat(a.allocateNext(false)).isEmpty();
            int one = got.iterator().next();
            assertThat(b.allocate(one, false)).isFalse();
            a.release(one);
            assertThat(b.allocate(one, false)).isTrue();
            StoredRange other = new StoredRange(store, "serviceips", "10.2.0.0/28", 14, 0, new Random(3));
            assertThatThrownBy(() -> other.allocateNext(false)).hasMessageContaining("is not the configured");
        }
    }
}
