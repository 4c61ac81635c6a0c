package io.j8s.scheduler.plugins.nodename;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.Run;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeNameTest {

    record Case(String name, String podNodeName, String node, Code want) {}

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no node name fits any node", null, "node-1", Code.Success),
                new Case("the named node fits", "node-1", "node-1", Code.Success),
                new Case("another node does not", "node-2", "node-1", Code.UnschedulableAndUnresolvable));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        Pod pod = Fixtures.pod("p").editSpec().withNodeName(c.podNodeName()).endSpec().build();
        var s = Run.filter(NodeName.factory(MissingNode.getInstance(), null), pod, NodeInfo.of(Fixtures.node(c.node(), "1", "1Gi")));
        assertThat(s.code()).isEqualTo(c.want());
        if (c.want() != Code.Success) assertThat(s.message()).isEqualTo("node(s) didn't match the requested node name");
    }
}
