package io.j8s.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Queue → cache → filter/score → bind → events, end to end against a real API server. */
class BasicSchedulingTest {

    TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestCluster();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aPodIsBoundToANodeAndTheEventSaysSo() throws Exception {
        cluster.createNode("node-1", "4", "8Gi");
        cluster.createNode("node-2", "4", "8Gi");
        cluster.startScheduler();
        cluster.create(TestCluster.pod("default", "web").build());

        cluster.awaitBound("default", "web");
        String node = cluster.nodeOf("default", "web");
        assertThat(node).isIn("node-1", "node-2");
        cluster.awaitEventExactly("default", "web", "Scheduled: Successfully assigned default/web to " + node);
        Pod p = cluster.get("default", "web");
        assertThat(p.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getStatus).contains(
                org.assertj.core.groups.Tuple.tuple("PodScheduled", "True"));
    }

    @Test
    void aPodWithNoNodesWaitsAndIsScheduledWhenANodeComes() throws Exception {
        cluster.startScheduler();
        cluster.create(TestCluster.pod("default", "early").build());
        cluster.awaitEventExactly("default", "early", "FailedScheduling: no nodes available to schedule pods");
        cluster.createNode("node-1", "4", "8Gi");
        cluster.awaitBound("default", "early");
        assertThat(cluster.nodeOf("default", "early")).isEqualTo("node-1");
    }

    @Test
    void podsOfAnotherSchedulerAreLeftAlone() throws Exception {
        cluster.createNode("node-1", "4", "8Gi");
        cluster.startScheduler();
        cluster.create(TestCluster.pod("default", "theirs").editSpec().withSchedulerName("other-scheduler").endSpec().build());
        cluster.create(TestCluster.pod("default", "ours").build());
        cluster.awaitBound("default", "ours");
        assertThat(cluster.nodeOf("default", "theirs")).isEmpty();
        assertThat(cluster.events("default", "theirs")).isEmpty();
    }
}
