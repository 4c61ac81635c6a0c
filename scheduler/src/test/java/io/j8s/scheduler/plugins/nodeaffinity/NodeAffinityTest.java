package io.j8s.scheduler.plugins.nodeaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.Run;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeAffinityTest {

    static Pod required(String key, String op, String... values) {
        return Fixtures.pod("p").editSpec().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey(key).withOperator(op).withValues(values).endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
    }

    record Case(String name, Pod pod, Map<String, String> nodeLabels, Code want) {}

    static Stream<Case> cases() {
        Map<String, String> prod = Map.of("env", "production", "cores", "16");
        return Stream.of(
                new Case("nothing asked: skipped", Fixtures.pod("p").build(), Map.of(), Code.Success),
                new Case("nodeSelector matches", Fixtures.pod("p").editSpec().withNodeSelector(Map.of("env", "production")).endSpec().build(),
                        prod, Code.Success),
                new Case("nodeSelector does not", Fixtures.pod("p").editSpec().withNodeSelector(Map.of("disk", "unicorn")).endSpec().build(),
                        prod, Code.UnschedulableAndUnresolvable),
                new Case("In", required("env", "In", "production", "staging"), prod, Code.Success),
                new Case("NotIn", required("env", "NotIn", "production"), prod, Code.UnschedulableAndUnresolvable),
                new Case("Exists", required("env", "Exists"), prod, Code.Success),
                new Case("DoesNotExist", required("env", "DoesNotExist"), prod, Code.UnschedulableAndUnresolvable),
                new Case("Gt", required("cores", "Gt", "8"), prod, Code.Success),
                new Case("Lt", required("cores", "Lt", "8"), prod, Code.UnschedulableAndUnresolvable),
                new Case("both nodeSelector and affinity must hold", new PodBuilder(required("env", "Exists")).editSpec()
                        .withNodeSelector(Map.of("disk", "ssd")).endSpec().build(), prod, Code.UnschedulableAndUnresolvable));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        var s = Run.filter(NodeAffinity.factory(MissingNode.getInstance(), null), c.pod(), NodeInfo.of(Fixtures.labelled("n", c.nodeLabels())));
        assertThat(s.code()).isEqualTo(c.want());
        if (c.want() != Code.Success) assertThat(s.message()).isEqualTo("node(s) didn't match Pod's node affinity/selector");
    }

    @Test
    void termsPinningNodeNamesNarrowTheNodesToFilter() {
        Pod pod = Fixtures.pod("p").editSpec().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchFields(new NodeSelectorRequirementBuilder().withKey("metadata.name").withOperator("In")
                        .withValues("node-1", "node-2").build()).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
        PreFilterPlugin.Result r = ((PreFilterPlugin) NodeAffinity.factory(MissingNode.getInstance(), null)).preFilter(new CycleState(), pod);
        assertThat(r.nodeNames()).isEqualTo(Set.of("node-1", "node-2"));
    }

    @Test
    void addedAffinityFromTheProfileAppliesToEveryPod() {
        com.fasterxml.jackson.databind.JsonNode args = new ObjectMapper().valueToTree(Map.of("addedAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution",
                Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(Map.of("key", "pool", "operator", "In",
                        "values", List.of("batch")))))))));
        var plugin = NodeAffinity.factory(args, null);
        var s = Run.filter(plugin, Fixtures.pod("p").build(), NodeInfo.of(Fixtures.labelled("n", Map.of("pool", "web"))));
        assertThat(s.message()).isEqualTo("node(s) didn't match scheduler-enforced node affinity");
        assertThat(Run.filter(plugin, Fixtures.pod("p").build(), NodeInfo.of(Fixtures.labelled("n", Map.of("pool", "batch")))).isSuccess()).isTrue();
    }

    @Test
    void scoreSumsTheWeightsOfMatchingPreferredTerms() {
        Pod pod = Fixtures.pod("p").editSpec().withNewAffinity().withNewNodeAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(
                        new PreferredSchedulingTermBuilder().withWeight(80).withPreference(new NodeSelectorTermBuilder().addNewMatchExpression()
                                .withKey("disk").withOperator("In").withValues("ssd").endMatchExpression().build()).build(),
                        new PreferredSchedulingTermBuilder().withWeight(20).withPreference(new NodeSelectorTermBuilder().addNewMatchExpression()
                                .withKey("zone").withOperator("In").withValues("a").endMatchExpression().build()).build())
                .endNodeAffinity().endAffinity().endSpec().build();
        List<NodeInfo> nodes = List.of(NodeInfo.of(Fixtures.labelled("both", Map.of("disk", "ssd", "zone", "a"))),
                NodeInfo.of(Fixtures.labelled("ssd", Map.of("disk", "ssd"))), NodeInfo.of(Fixtures.labelled("a", Map.of("zone", "a"))),
                NodeInfo.of(Fixtures.labelled("none", Map.of())));
        assertThat(Run.score(NodeAffinity.factory(MissingNode.getInstance(), null), pod, nodes)).containsExactly(100, 80, 20, 0);
    }
}
