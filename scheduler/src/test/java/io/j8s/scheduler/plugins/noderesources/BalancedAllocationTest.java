package io.j8s.scheduler.plugins.noderesources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.Run;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BalancedAllocationTest {

    record Case(String name, Pod pod, long want) {}

    static Stream<Case> cases() {
        return Stream.of(
                // cpu 2/4 = 0.5, memory 4/8 = 0.5: perfectly balanced
                new Case("even use scores 100", Fixtures.requesting("p", "2", "4Gi"), 100),
                // cpu 4/4 = 1, memory 0: std 0.5
                new Case("all cpu and no memory scores 50", Fixtures.requesting("p", "4", null), 50),
                // cpu 1/4 = .25, memory 6/8 = .75: std .25
                new Case("a quarter against three quarters scores 75", Fixtures.requesting("p", "1", "6Gi"), 75),
                new Case("a pod requesting nothing is not scored", Fixtures.pod("p").build(), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void score(Case c) {
        List<NodeInfo> nodes = List.of(NodeInfo.of(Fixtures.node("n", "4", "8Gi")));
        assertThat(Run.score(BalancedAllocation.factory(MissingNode.getInstance(), null), c.pod(), nodes)).containsExactly(c.want());
    }
}
