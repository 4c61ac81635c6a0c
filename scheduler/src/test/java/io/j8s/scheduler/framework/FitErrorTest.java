package io.j8s.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.scheduler.testing.Fixtures;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FitErrorTest {

    record Case(String name, FitError error, String want) {}

    static Stream<Case> cases() {
        NodeToStatus mixed = new NodeToStatus();
        mixed.set("node-1", Status.unresolvable("node(s) had untolerated taint {dedicated: database}"));
        mixed.set("node-2", Status.unschedulable("Insufficient cpu"));
        mixed.set("node-3", Status.unschedulable("Insufficient cpu"));
        NodeToStatus twoReasons = new NodeToStatus();
        twoReasons.set("node-1", Status.unschedulable("Insufficient cpu", "Insufficient memory"));
        NodeToStatus absent = new NodeToStatus();
        absent.setAbsentNodesStatus(Status.unresolvable("Preemption is not helpful for scheduling"));
        var pod = Fixtures.pod("p").build();
        return Stream.of(
                new Case("reasons counted and sorted as strings", new FitError(pod, 3, mixed, "", "", Set.of()),
                        "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: database}, 2 Insufficient cpu."),
                new Case("several reasons of one node", new FitError(pod, 1, twoReasons, "", "", Set.of()),
                        "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory."),
                new Case("with the preemption message", new FitError(pod, 3, mixed, "", "preemption: not eligible due to preemptionPolicy=Never.", Set.of()),
                        "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: database}, 2 Insufficient cpu. "
                                + "preemption: not eligible due to preemptionPolicy=Never."),
                new Case("nodes not named count with the absent status", new FitError(pod, 3, absent, "", "", Set.of()),
                        "0/3 nodes are available: 3 Preemption is not helpful for scheduling."),
                new Case("a PreFilter rejection stands alone", new FitError(pod, 3, absent, "pod has unbound immediate PersistentVolumeClaims", "", Set.of()),
                        "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void message(Case c) {
        assertThat(c.error().message()).isEqualTo(c.want());
    }
}
