package io.j8s.scheduler.plugins.interpodaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.Run;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InterPodAffinityTest {

    static final String HOST = "kubernetes.io/hostname";
    static final String ZONE = "topology.kubernetes.io/zone";

    static PodAffinityTerm term(String app, String topologyKey) {
        return new PodAffinityTermBuilder().withNewLabelSelector().withMatchLabels(Map.of("app", app)).endLabelSelector()
                .withTopologyKey(topologyKey).build();
    }

    static Pod affinity(String name, String app, PodAffinityTerm t) {
        return new PodBuilder(Fixtures.withLabels(Fixtures.pod(name).build(), Map.of("app", app))).editSpec().withNewAffinity()
                .withNewPodAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(t).endPodAffinity().endAffinity().endSpec().build();
    }

    static Pod antiAffinity(String name, String app, PodAffinityTerm t) {
        return new PodBuilder(Fixtures.withLabels(Fixtures.pod(name).build(), Map.of("app", app))).editSpec().withNewAffinity()
                .withNewPodAntiAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(t).endPodAntiAffinity().endAffinity().endSpec().build();
    }

    /** node-1 and node-2 in zone a, node-3 in zone b. */
    static List<Node> nodes() {
        return List.of(Fixtures.labelled("node-1", Map.of(ZONE, "a")), Fixtures.labelled("node-2", Map.of(ZONE, "a")),
                Fixtures.labelled("node-3", Map.of(ZONE, "b")));
    }

    record Case(String name, List<Pod> existing, Pod pod, Map<String, Code> want) {}

    static Stream<Case> cases() {
        Pod db = Fixtures.on(Fixtures.withLabels(Fixtures.pod("db").build(), Map.of("app", "db")), "node-1");
        String affinityReason = "node(s) didn't match pod affinity rules";
        return Stream.of(
                new Case("affinity by hostname: only the node with the pod", List.of(db), affinity("web", "web", term("db", HOST)),
                        Map.of("node-1", Code.Success, "node-2", Code.UnschedulableAndUnresolvable, "node-3", Code.UnschedulableAndUnresolvable)),
                new Case("affinity by zone: any node of the zone", List.of(db), affinity("web", "web", term("db", ZONE)),
                        Map.of("node-1", Code.Success, "node-2", Code.Success, "node-3", Code.UnschedulableAndUnresolvable)),
                new Case("anti-affinity by hostname: any node but that one", List.of(db), antiAffinity("web", "web", term("db", HOST)),
                        Map.of("node-1", Code.Unschedulable, "node-2", Code.Success, "node-3", Code.Success)),
                new Case("an existing pod's anti-affinity keeps the pod out of its zone",
                        List.of(Fixtures.on(antiAffinity("loner", "loner", term("web", ZONE)), "node-1")),
                        Fixtures.withLabels(Fixtures.pod("web").build(), Map.of("app", "web")),
                        Map.of("node-1", Code.Unschedulable, "node-2", Code.Unschedulable, "node-3", Code.Success)),
                new Case("the first pod of a group with affinity to itself goes anywhere", List.of(db), affinity("c1", "cache", term("cache", HOST)),
                        Map.of("node-1", Code.Success, "node-2", Code.Success, "node-3", Code.Success)),
                new Case("affinity to pods in another namespace needs that namespace named", List.of(db),
                        affinity("web", "web", new PodAffinityTermBuilder(term("db", HOST)).withNamespaces("other").build()),
                        Map.of("node-1", Code.UnschedulableAndUnresolvable, "node-2", Code.UnschedulableAndUnresolvable,
                                "node-3", Code.UnschedulableAndUnresolvable)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        List<NodeInfo> infos = Fixtures.nodeInfos(nodes(), c.existing());
        Plugin plugin = InterPodAffinity.factory(MissingNode.getInstance(), Fixtures.framework(infos));
        for (NodeInfo n : infos) {
            var s = Run.filter(plugin, c.pod(), n);
            assertThat(s.code()).as(n.name()).isEqualTo(c.want().get(n.name()));
            if (s.code() == Code.Unschedulable) assertThat(s.message()).contains("anti-affinity");
        }
    }

    @Test
    void preferredAffinityScoresTheZoneOfTheMatchingPod() {
        Pod db = Fixtures.on(Fixtures.withLabels(Fixtures.pod("db").build(), Map.of("app", "db")), "node-1");
        List<NodeInfo> infos = Fixtures.nodeInfos(nodes(), List.of(db));
        Pod web = Fixtures.pod("web").editSpec().withNewAffinity().withNewPodAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(
                new WeightedPodAffinityTermBuilder().withWeight(10).withPodAffinityTerm(term("db", ZONE)).build())
                .endPodAffinity().endAffinity().endSpec().build();
        Plugin plugin = InterPodAffinity.factory(MissingNode.getInstance(), Fixtures.framework(infos));
        assertThat(Run.score(plugin, web, infos)).containsExactly(100, 100, 0);
    }

    @Test
    void preferredAntiAffinityScoresAwayFromTheMatchingPod() {
        Pod db = Fixtures.on(Fixtures.withLabels(Fixtures.pod("db").build(), Map.of("app", "db")), "node-1");
        List<NodeInfo> infos = Fixtures.nodeInfos(nodes(), List.of(db));
        Pod web = Fixtures.pod("web").editSpec().withNewAffinity().withNewPodAntiAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(
                new WeightedPodAffinityTermBuilder().withWeight(10).withPodAffinityTerm(term("db", HOST)).build())
                .endPodAntiAffinity().endAffinity().endSpec().build();
        Plugin plugin = InterPodAffinity.factory(MissingNode.getInstance(), Fixtures.framework(infos));
        assertThat(Run.score(plugin, web, infos)).containsExactly(0, 100, 100);
    }
}
