package io.j8s.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleOneTest {

    record Case(String name, int global, Integer profile, int nodes, int want) {}

    static Stream<Case> cases() {
        return Stream.of(
                new Case("fewer than 100 nodes: all", 0, null, 50, 50),
                new Case("adaptive at 1000 nodes: 42%", 0, null, 1000, 420),
                new Case("adaptive at 5000 nodes: 10%", 0, null, 5000, 500),
                new Case("adaptive never below 5%", 0, null, 6000, 300),
                new Case("a global percentage", 30, null, 1000, 300),
                new Case("the profile's wins", 30, 100, 1000, 1000),
                new Case("never fewer than 100", 1, null, 1000, 100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void numFeasibleNodesToFindFollowsUpstreamsFormula(Case c) {
        assertThat(ScheduleOne.numFeasibleNodesToFind(c.global(), c.profile(), c.nodes())).isEqualTo(c.want());
    }

    @Test
    void selectHostTakesTheHighestAndBreaksTiesAtRandom() {
        assertThat(ScheduleOne.selectHost(new long[] {10, 30, 20})).isEqualTo(1);
        Map<Integer, Integer> picks = new HashMap<>();
        for (int i = 0; i < 3000; i++) picks.merge(ScheduleOne.selectHost(new long[] {5, 9, 9, 9}), 1, Integer::sum);
        assertThat(picks).containsOnlyKeys(1, 2, 3);
        assertThat(picks.values()).allSatisfy(n -> assertThat(n).isGreaterThan(700));
    }
}
