package io.j8s.scheduler.plugins.noderesources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.Run;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FitTest {

    static Pod initContainer(Pod pod, String cpu, String restartPolicy) {
        return new PodBuilder(pod).editSpec().addToInitContainers(new ContainerBuilder().withName("init-" + cpu).withImage("busybox")
                .withRestartPolicy(restartPolicy).withNewResources().withRequests(Map.of("cpu", new Quantity(cpu))).endResources().build())
                .endSpec().build();
    }

    static Pod gpus(String n) {
        return Fixtures.pod("p").editSpec().editFirstContainer().withNewResources().withRequests(Map.of("nvidia.com/gpu", new Quantity(n)))
                .endResources().endContainer().endSpec().build();
    }

    /** A node of 4 cpu, 8Gi, 1 gpu, running pods requesting {@code usedCpu}. */
    static NodeInfo node(String usedCpu, int maxPods) {
        NodeInfo n = NodeInfo.of(Fixtures.node("n", "4", "8Gi", b -> b.editStatus().addToAllocatable("nvidia.com/gpu", new Quantity("1"))
                .addToAllocatable("pods", new Quantity(Integer.toString(maxPods))).endStatus()));
        if (usedCpu != null) n.addPod(io.j8s.scheduler.framework.PodInfo.of(Fixtures.on(Fixtures.requesting("used", usedCpu, null), "n")));
        return n;
    }

    record Case(String name, Pod pod, NodeInfo node, JsonNode args, Code want, List<String> reasons) {}

    static Stream<Case> cases() {
        JsonNode none = MissingNode.getInstance();
        return Stream.of(
                new Case("fits", Fixtures.requesting("p", "1", "1Gi"), node("2", 110), none, Code.Success, List.of()),
                new Case("not enough cpu left", Fixtures.requesting("p", "1", "1Gi"), node("3500m", 110), none, Code.Unschedulable,
                        List.of("Insufficient cpu")),
                new Case("more cpu than the node has at all", Fixtures.requesting("p", "100", null), node(null, 110), none,
                        Code.UnschedulableAndUnresolvable, List.of("Insufficient cpu")),
                new Case("cpu and memory", Fixtures.requesting("p", "1", "10Gi"), node("3500m", 110), none, Code.UnschedulableAndUnresolvable,
                        List.of("Insufficient cpu", "Insufficient memory")),
                new Case("too many pods", Fixtures.pod("p").build(), node("1", 1), none, Code.Unschedulable, List.of("Too many pods")),
                new Case("an init container larger than the containers counts", initContainer(Fixtures.requesting("p", "1", null), "3", null),
                        node("2", 110), none, Code.Unschedulable, List.of("Insufficient cpu")),
                new Case("a sidecar adds to the containers", initContainer(Fixtures.requesting("p", "1", null), "1500m", "Always"),
                        node("2", 110), none, Code.Unschedulable, List.of("Insufficient cpu")),
                new Case("overhead counts", new PodBuilder(Fixtures.requesting("p", "1", null)).editSpec()
                        .withOverhead(Map.of("cpu", new Quantity("1500m"))).endSpec().build(), node("2", 110), none,
                        Code.Unschedulable, List.of("Insufficient cpu")),
                new Case("an extended resource", gpus("2"), node(null, 110), none, Code.UnschedulableAndUnresolvable,
                        List.of("Insufficient nvidia.com/gpu")),
                new Case("an ignored extended resource", gpus("2"), node(null, 110),
                        new ObjectMapper().valueToTree(Map.of("ignoredResources", List.of("nvidia.com/gpu"))), Code.Success, List.of()),
                new Case("an ignored resource group", gpus("2"), node(null, 110),
                        new ObjectMapper().valueToTree(Map.of("ignoredResourceGroups", List.of("nvidia.com"))), Code.Success, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        var s = Run.filter(Fit.factory(c.args(), null), c.pod(), c.node());
        assertThat(s.code()).isEqualTo(c.want());
        assertThat(s.reasons()).isEqualTo(c.reasons());
    }

    record ScoreCase(String name, String strategy, Pod pod, long[] want) {}

    static Stream<ScoreCase> scoreCases() {
        Pod pod = Fixtures.requesting("p", "1", "2Gi");
        return Stream.of(
                // empty node: cpu (4-1)/4 = 75, memory (8-2)/8 = 75. The half-used node's pod requests 2 cpu
                // and no memory, which scoring counts as 200Mi: cpu (4-3)/4 = 25, memory (8Gi-2248Mi)/8Gi = 72
                new ScoreCase("LeastAllocated spreads", "LeastAllocated", pod, new long[] {75, 48}),
                // empty: 25, 25; half-used: 75, 27
                new ScoreCase("MostAllocated packs", "MostAllocated", pod, new long[] {25, 51}),
                // a pod without requests counts as 100m and 200Mi: empty 97, 97; half-used 47, 95
                new ScoreCase("requests default to 100m and 200Mi for scoring", "LeastAllocated", Fixtures.pod("p").build(), new long[] {97, 71}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void score(ScoreCase c) {
        NodeInfo empty = NodeInfo.of(Fixtures.node("empty", "4", "8Gi"));
        NodeInfo half = NodeInfo.of(Fixtures.node("half", "4", "8Gi"), Fixtures.on(Fixtures.requesting("u", "2", null), "half"));
        JsonNode args = new ObjectMapper().valueToTree(Map.of("scoringStrategy", Map.of("type", c.strategy())));
        assertThat(Run.score(Fit.factory(args, null), c.pod(), List.of(empty, half))).containsExactly(c.want());
    }

    @org.junit.jupiter.api.Test
    void requestedToCapacityRatioFollowsItsShape() {
        JsonNode args = new ObjectMapper().valueToTree(Map.of("scoringStrategy", Map.of("type", "RequestedToCapacityRatio",
                "requestedToCapacityRatio", Map.of("shape", List.of(Map.of("utilization", 0, "score", 0), Map.of("utilization", 100, "score", 10))))));
        NodeInfo empty = NodeInfo.of(Fixtures.node("empty", "4", "8Gi"));
        // utilization 25% cpu and 25% memory: score 25 (a packing shape)
        assertThat(Run.score(Fit.factory(args, null), Fixtures.requesting("p", "1", "2Gi"), List.of(empty))).containsExactly(25);
    }
}
