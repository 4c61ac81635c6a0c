package io.j8s.scheduler.plugins.nodeunschedulable;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.Run;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeUnschedulableTest {

    record Case(String name, boolean cordoned, List<Toleration> tolerations, Code want) {}

    static Stream<Case> cases() {
        Toleration unschedulable = new TolerationBuilder().withKey("node.kubernetes.io/unschedulable").withOperator("Exists")
                .withEffect("NoSchedule").build();
        return Stream.of(
                new Case("a schedulable node fits", false, List.of(), Code.Success),
                new Case("a cordoned node does not", true, List.of(), Code.UnschedulableAndUnresolvable),
                new Case("unless the pod tolerates the unschedulable taint", true, List.of(unschedulable), Code.Success));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        Pod pod = Fixtures.pod("p").editSpec().withTolerations(c.tolerations()).endSpec().build();
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "1", "1Gi", b -> b.editSpec().withUnschedulable(c.cordoned()).endSpec()));
        var s = Run.filter(NodeUnschedulable.factory(MissingNode.getInstance(), null), pod, node);
        assertThat(s.code()).isEqualTo(c.want());
        if (c.want() != Code.Success) assertThat(s.message()).isEqualTo("node(s) were unschedulable");
    }
}
