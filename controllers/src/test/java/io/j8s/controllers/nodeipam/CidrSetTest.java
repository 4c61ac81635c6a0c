package io.j8s.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CidrSetTest {

    record Case(String name, String cluster, int mask, int take, List<String> want, int size) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> allocation() {
        return Stream.of(
                new Case("a /24 per node out of 10.244.0.0/16", "10.244.0.0/16", 24, 3,
                        List.of("10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"), 256),
                new Case("the cluster CIDR's host bits are ignored", "10.244.7.9/16", 24, 1, List.of("10.244.0.0/24"), 256),
                new Case("a /26 per node", "192.168.0.0/24", 26, 4,
                        List.of("192.168.0.0/26", "192.168.0.64/26", "192.168.0.128/26", "192.168.0.192/26"), 4),
                new Case("IPv6 /64s, written as Go writes them", "fd00:10:244::/56", 64, 2,
                        List.of("fd00:10:244::/64", "fd00:10:244:1::/64"), 256),
                new Case("the node mask equal to the cluster's: one subnet", "10.0.0.0/24", 24, 1, List.of("10.0.0.0/24"), 1));
    }

    @ParameterizedTest
    @MethodSource("allocation")
    void allocatesInOrder(Case c) {
        CidrSet set = new CidrSet(c.cluster(), c.mask());
        List<String> got = new ArrayList<>();
        for (int i = 0; i < c.take(); i++) got.add(set.allocateNext().orElseThrow());
        assertThat(got).isEqualTo(c.want());
        assertThat(set.size()).isEqualTo(c.size());
    }

    @Test
    void runsOutAndReleasedSubnetsComeBackAfterTheOthers() {
        CidrSet set = new CidrSet("10.0.0.0/30", 31);
        assertThat(set.allocateNext()).contains("10.0.0.0/31");
        assertThat(set.allocateNext()).contains("10.0.0.2/31");
        assertThat(set.allocateNext()).isEmpty();
        set.release("10.0.0.0/31");
        assertThat(set.allocateNext()).contains("10.0.0.0/31");
    }

    @Test
    void occupiedSubnetsAreSkippedAndALargerCidrTakesAllItCovers() {
        CidrSet set = new CidrSet("10.244.0.0/16", 24);
        set.occupy("10.244.0.0/23");
        set.occupy("10.244.3.128/25");
        assertThat(set.isOccupied("10.244.1.0/24")).isTrue();
        assertThat(set.allocateNext()).contains("10.244.2.0/24");
        assertThat(set.allocateNext()).contains("10.244.4.0/24");
        assertThat(set.usedCount()).isEqualTo(5);
    }

    @Test
    void refusesWhatDoesNotFit() {
        assertThatThrownBy(() -> new CidrSet("10.0.0.0/8", 25)).hasMessage("New CIDR set failed; the node CIDR size is too big");
        assertThatThrownBy(() -> new CidrSet("10.0.0.0/16", 8)).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> new CidrSet("10.0.0.0", 24)).hasMessageContaining("invalid CIDR address");
        CidrSet set = new CidrSet("10.244.0.0/16", 24);
        assertThatThrownBy(() -> set.occupy("10.245.0.0/24")).hasMessageContaining("is out the range of cluster cidr");
        assertThat(set.covers("10.245.0.0/24")).isFalse();
        assertThat(set.covers("fd00::/64")).isFalse();
        assertThat(set.covers("10.244.9.0/24")).isTrue();
    }
}
