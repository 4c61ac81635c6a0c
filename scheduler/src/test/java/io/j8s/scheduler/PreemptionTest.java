package io.j8s.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DefaultPreemption against a real API server; the test plays the kubelet that finishes a graceful delete. */
class PreemptionTest {

    TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestCluster();
        cluster.createNode("node-1", "2", "4Gi");
        cluster.client.resources(io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass.class).resource(new PriorityClassBuilder()
                .withNewMetadata().withName("high").endMetadata().withValue(1000).build()).create();
        cluster.startScheduler();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static Pod cpu(String name, String cpu) {
        return TestCluster.pod("default", name).editSpec().editFirstContainer().withNewResources()
                .withRequests(Map.of("cpu", new Quantity(cpu))).endResources().endContainer().endSpec().build();
    }

    @Test
    void aHigherPriorityPodEvictsALowerOneAndTakesItsPlace() {
        cluster.create(cpu("low", "1500m"));
        cluster.awaitBound("default", "low");
        Pod low = cluster.get("default", "low");

        Pod high = cluster.create(new io.fabric8.kubernetes.api.model.PodBuilder(cpu("high", "1")).editSpec()
                .withPriorityClassName("high").endSpec().build());
        // the victim is marked and deleted gracefully; as its kubelet, finish the delete
        Poll.until(() -> {
            Pod p = cluster.get("default", "low");
            return p == null || p.getMetadata().getDeletionTimestamp() != null;
        }, () -> "low not deleted; high's events " + cluster.events("default", "high"));
        Pod terminating = cluster.get("default", "low");
        if (terminating != null) {
            assertThat(terminating.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("DisruptionTarget");
                assertThat(c.getReason()).isEqualTo("PreemptionByScheduler");
                assertThat(c.getMessage()).isEqualTo("default-scheduler: preempting to accommodate a higher priority pod");
            });
            Poll.until(() -> "node-1".equals(cluster.get("default", "high").getStatus().getNominatedNodeName()));
            cluster.client.pods().inNamespace("default").withName("low").withGracePeriod(0).delete();
        }
        cluster.awaitBound("default", "high");
        assertThat(cluster.nodeOf("default", "high")).isEqualTo("node-1");
        cluster.awaitEventExactly("default", "high", "FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu.");
        cluster.awaitEventExactly("default", "low", "Preempted: Preempted by pod " + high.getMetadata().getUid() + " on node node-1");
        assertThat(low.getSpec().getNodeName()).isEqualTo("node-1");
    }

    @Test
    void aPodThatMayNotPreemptSaysSo() {
        cluster.create(cpu("low", "1500m"));
        cluster.awaitBound("default", "low");
        cluster.create(new io.fabric8.kubernetes.api.model.PodBuilder(cpu("polite", "1")).editSpec()
                .withPriorityClassName("high").withPreemptionPolicy("Never").endSpec().build());
        cluster.awaitEventExactly("default", "polite", "FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: not eligible due to preemptionPolicy=Never.");
        assertThat(cluster.get("default", "low").getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void equalPriorityPodsAreNoVictims() {
        cluster.create(cpu("first", "1500m"));
        cluster.awaitBound("default", "first");
        cluster.create(cpu("second", "1"));
        cluster.awaitEventExactly("default", "second", "FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }
}
