package io.j8s.scheduler.plugins.nodeports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.Run;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodePortsTest {

    static Pod withPort(String name, String ip, String protocol, int hostPort) {
        return Fixtures.pod(name).editSpec().editFirstContainer().withPorts(new ContainerPortBuilder().withContainerPort(80)
                .withHostPort(hostPort).withHostIP(ip).withProtocol(protocol).build()).endContainer().endSpec().build();
    }

    record Case(String name, Pod existing, Pod pod, Code want) {}

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no host ports: skipped", withPort("e", null, "TCP", 8080), Fixtures.pod("p").build(), Code.Success),
                new Case("a free port fits", withPort("e", null, "TCP", 8080), withPort("p", null, "TCP", 8081), Code.Success),
                new Case("the same port clashes", withPort("e", null, "TCP", 8080), withPort("p", null, "TCP", 8080), Code.Unschedulable),
                new Case("another protocol does not", withPort("e", null, "TCP", 8080), withPort("p", null, "UDP", 8080), Code.Success),
                new Case("0.0.0.0 clashes with a specific IP", withPort("e", "10.0.0.1", "TCP", 8080), withPort("p", null, "TCP", 8080), Code.Unschedulable),
                new Case("two specific IPs do not", withPort("e", "10.0.0.1", "TCP", 8080), withPort("p", "10.0.0.2", "TCP", 8080), Code.Success));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "4", "8Gi"), Fixtures.on(c.existing(), "n"));
        var s = Run.filter(NodePorts.factory(MissingNode.getInstance(), null), c.pod(), node);
        assertThat(s.code()).isEqualTo(c.want());
        if (c.want() != Code.Success) assertThat(s.message()).isEqualTo("node(s) didn't have free ports for the requested pod ports");
    }
}
