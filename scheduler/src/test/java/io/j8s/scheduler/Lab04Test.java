package io.j8s.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every case of lab 04 (../shared/acceptance/labs/04-scheduler.sh), on three Node objects made
 * through the API (no kubelet): the same placements and the same event texts. Where the lab uses
 * a Deployment, the test creates what its ReplicaSet would: pods owned by a ReplicaSet.
 */
class Lab04Test {

    static final String NS = "lab-sched";
    TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestCluster();
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        for (int i = 1; i <= 3; i++) cluster.createNode("node-" + i, "4", "8Gi");
        cluster.startScheduler();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** The pods a ReplicaSet of {@code replicas} would create from {@code template}. */
    private List<String> replicaSet(String name, Map<String, String> labels, int replicas, java.util.function.UnaryOperator<PodBuilder> template) {
        ReplicaSet rs = cluster.client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("main")
                .withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build()).create();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            String pod = name + "-" + i;
            names.add(pod);
            cluster.create(template.apply(TestCluster.pod(NS, pod).editMetadata().withLabels(labels).addNewOwnerReference()
                    .withApiVersion("apps/v1").withKind("ReplicaSet").withName(name).withUid(rs.getMetadata().getUid())
                    .withController(true).endOwnerReference().endMetadata()).build());
        }
        return names;
    }

    private Set<String> nodesOf(List<String> pods) {
        return pods.stream().map(p -> cluster.nodeOf(NS, p)).filter(n -> !n.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    private void label(String node, String key, String value) {
        cluster.client.nodes().withName(node).edit(n -> {
            Map<String, String> labels = new java.util.HashMap<>(n.getMetadata().getLabels());
            if (value == null) labels.remove(key);
            else labels.put(key, value);
            n.getMetadata().setLabels(labels);
            return n;
        });
    }

    private void taint(String node, Taint taint) {
        cluster.client.nodes().withName(node).edit(n -> {
            if (n.getSpec() == null) n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
            n.getSpec().setTaints(taint == null ? List.of() : List.of(taint));
            return n;
        });
    }

    private Pod resources(String name, String resource, String amount) {
        return TestCluster.pod(NS, name).editSpec().editFirstContainer().withNewResources()
                .withRequests(Map.of(resource, new Quantity(amount))).endResources().endContainer().endSpec().build();
    }

    @Test
    void aReplicaSetsPodsSpreadAndEachSaysWhereItWent() {
        List<String> pods = replicaSet("scheduler-demo", Map.of("app", "demo"), 3, b -> b);
        for (String p : pods) cluster.awaitBound(NS, p);
        assertThat(nodesOf(pods)).hasSizeGreaterThanOrEqualTo(2);
        String p = pods.get(0);
        cluster.awaitEventExactly(NS, p, "Scheduled: Successfully assigned " + NS + "/" + p + " to " + cluster.nodeOf(NS, p));
        assertThat(cluster.nodeOf(NS, p)).startsWith("node-");
    }

    @Test
    void aPodAskingForMoreCpuThanAnyNodeHasStaysPending() {
        cluster.create(resources("greedy-cpu", "cpu", "100"));
        cluster.awaitEventExactly(NS, "greedy-cpu", "FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu. "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
        assertThat(cluster.nodeOf(NS, "greedy-cpu")).isEmpty();
        Pod p = cluster.get(NS, "greedy-cpu");
        assertThat(p.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertThat(c.getMessage()).startsWith("0/3 nodes are available: 3 Insufficient cpu.");
        });
    }

    @Test
    void aPodAskingForMoreMemoryThanAnyNodeHasIsRefusedForMemory() {
        cluster.create(resources("greedy-mem", "memory", "10Ti"));
        cluster.awaitEventExactly(NS, "greedy-mem", "FailedScheduling: 0/3 nodes are available: 3 Insufficient memory. "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    }

    @Test
    void aNodeSelectorPicksTheLabelledNodeAndAnUnknownLabelNone() {
        label("node-2", "env", "production");
        cluster.create(TestCluster.pod(NS, "prod-only").editSpec().withNodeSelector(Map.of("env", "production")).endSpec().build());
        cluster.awaitBound(NS, "prod-only");
        assertThat(cluster.nodeOf(NS, "prod-only")).isEqualTo("node-2");

        cluster.create(TestCluster.pod(NS, "nowhere").editSpec().withNodeSelector(Map.of("disk", "unicorn")).endSpec().build());
        cluster.awaitEventExactly(NS, "nowhere", "FailedScheduling: 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    }

    @Test
    void taintsKeepPlainPodsOffAndATolerationWithAffinityLetsOneOn() {
        Taint database = new TaintBuilder().withKey("dedicated").withValue("database").withEffect("NoSchedule").build();
        taint("node-1", database);
        taint("node-3", database);
        // the scheduler must have seen the taints before the pods come
        Poll.until(() -> cluster.client.nodes().withName("node-3").get().getSpec().getTaints().size() == 1);
        List<String> plain = List.of("plain-1", "plain-2", "plain-3");
        cluster.create(resources("greedy-cpu", "cpu", "100"));
        for (String p : plain) cluster.create(TestCluster.pod(NS, p).build());
        for (String p : plain) cluster.awaitBound(NS, p);
        assertThat(nodesOf(plain)).containsExactly("node-2");
        cluster.awaitEventExactly(NS, "greedy-cpu", "FailedScheduling: 0/3 nodes are available: 1 Insufficient cpu, "
                + "2 node(s) had untolerated taint {dedicated: database}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");

        cluster.create(TestCluster.pod(NS, "db").editSpec()
                .addNewToleration().withKey("dedicated").withOperator("Equal").withValue("database").withEffect("NoSchedule").endToleration()
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("kubernetes.io/hostname").withOperator("In").withValues("node-1").endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .endSpec().build());
        cluster.awaitBound(NS, "db");
        assertThat(cluster.nodeOf(NS, "db")).isEqualTo("node-1");
    }

    @Test
    void antiAffinityByHostnamePutsThreeReplicasOnThreeNodesAndTheFourthWaits() {
        List<String> pods = replicaSet("one-per-node", Map.of("app", "spread"), 4, b -> b.editSpec().withNewAffinity()
                .withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution().withNewLabelSelector()
                .withMatchLabels(Map.of("app", "spread")).endLabelSelector().withTopologyKey("kubernetes.io/hostname")
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec());
        Poll.until(() -> nodesOf(pods).size() == 3, () -> "placed on " + nodesOf(pods));
        List<String> pending = pods.stream().filter(p -> cluster.nodeOf(NS, p).isEmpty()).toList();
        assertThat(pending).hasSize(1);
        cluster.awaitEventExactly(NS, pending.get(0), "FailedScheduling: 0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. "
                + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
        assertThat(cluster.eventsWithReason(NS, "FailedScheduling")).anySatisfy(e -> assertThat(e.getMessage()).contains("anti-affinity"));
    }

    @Test
    void untaintingAndUnlabellingLetWaitingPodsIn() {
        Taint database = new TaintBuilder().withKey("dedicated").withValue("database").withEffect("NoSchedule").build();
        for (String n : List.of("node-1", "node-2", "node-3")) taint(n, database);
        label("node-2", "env", "production");
        cluster.create(TestCluster.pod(NS, "waiting").build());
        cluster.awaitEvent(NS, "waiting", "3 node(s) had untolerated taint {dedicated: database}");
        taint("node-3", null);
        cluster.awaitBound(NS, "waiting");
        assertThat(cluster.nodeOf(NS, "waiting")).isEqualTo("node-3");
        label("node-2", "env", null);
        Node n2 = cluster.client.nodes().withName("node-2").get();
        assertThat(n2.getMetadata().getLabels()).doesNotContainKey("env");
    }

}
