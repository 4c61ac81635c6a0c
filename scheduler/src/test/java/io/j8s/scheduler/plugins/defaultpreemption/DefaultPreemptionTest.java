package io.j8s.scheduler.plugins.defaultpreemption;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.j8s.scheduler.config.Profile;
import io.j8s.scheduler.framework.ClusterLister;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeToStatus;
import io.j8s.scheduler.framework.PostFilterPlugin;
import io.j8s.scheduler.framework.PostFilterResult;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.framework.runtime.Framework;
import io.j8s.scheduler.queue.Nominator;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.RecordingPodActions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultPreemptionTest {

    static Pod running(String name, String node, String cpu, int priority) {
        return Fixtures.on(Fixtures.withPriority(Fixtures.requesting(name, cpu, null), priority), node);
    }

    record Case(String name, List<Pod> existing, Pod preemptor, String wantNode, List<String> wantActions, String wantMessage) {}

    static Stream<Case> cases() {
        Pod high = Fixtures.withPriority(Fixtures.requesting("high", "1", null), 10);
        Pod big = Fixtures.withPriority(Fixtures.requesting("big", "2", null), 10);
        return Stream.of(
                new Case("evicts only what is needed, the least important first",
                        List.of(running("low-a", "node-1", "1", 1), running("low-b", "node-1", "1", 2), running("mid", "node-2", "1500m", 5)),
                        high, "node-1", List.of("preempt default/low-a by default/high"), ""),
                new Case("prefers fewer victims of the same priority",
                        List.of(running("a", "node-1", "1", 1), running("b", "node-1", "1", 1), running("c", "node-2", "2", 1)),
                        big, "node-2", List.of("preempt default/c by default/big"), ""),
                new Case("pods of equal or higher priority are never victims",
                        List.of(running("x", "node-1", "2", 10), running("y", "node-2", "2", 20)), high, "", List.of(),
                        "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."),
                new Case("a pod with preemptionPolicy Never does not preempt",
                        List.of(running("low", "node-1", "2", 1), running("low2", "node-2", "2", 1)),
                        new PodBuilder(high).editSpec().withPreemptionPolicy("Never").endSpec().build(), null, List.of(),
                        "preemption: not eligible due to preemptionPolicy=Never."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void postFilter(Case c) {
        List<Node> nodes = List.of(Fixtures.node("node-1", "2", "4Gi"), Fixtures.node("node-2", "2", "4Gi"));
        List<NodeInfo> infos = Fixtures.nodeInfos(nodes, c.existing());
        RecordingPodActions actions = new RecordingPodActions();
        Framework fw = Fixtures.framework(Profile.defaults("default-scheduler"), infos, ClusterLister.EMPTY, actions, new Nominator());
        CycleState state = new CycleState();
        assertThat(fw.runPreFilterPlugins(state, c.preemptor()).status().isSuccess()).isTrue();
        NodeToStatus statuses = new NodeToStatus();
        for (NodeInfo n : infos) {
            Status s = fw.runFilterPlugins(state, c.preemptor(), n);
            assertThat(s.isSuccess()).as("the pod must not fit " + n.name()).isFalse();
            statuses.set(n.name(), s);
        }
        PostFilterPlugin plugin = (PostFilterPlugin) DefaultPreemption.factory(MissingNode.getInstance(), fw);
        PostFilterResult r = plugin.postFilter(state, c.preemptor(), statuses);
        assertThat(r.nominatedNodeName()).isEqualTo(c.wantNode());
        assertThat(actions.actions).isEqualTo(c.wantActions());
        assertThat(r.status().message()).isEqualTo(c.wantMessage());
    }
}
