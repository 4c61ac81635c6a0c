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
    void metricsAndHealthAreServedWithUpstreamsNames() throws Exception {
        cluster.createNode("node-1", "4", "8Gi");
        Scheduler s = cluster.startScheduler(TestCluster.options().withServing("127.0.0.1", 0));
        cluster.create(TestCluster.pod("default", "web").build());
        cluster.awaitBound("default", "web");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + s.port() + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        Poll.until(() -> get.apply("/metrics").body().contains("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"} 1.0"));
        String metrics = get.apply("/metrics").body();
        assertThat(metrics).contains("scheduler_pending_pods{queue=\"active\"} 0.0", "scheduler_pending_pods{queue=\"unschedulable\"} 0.0",
                "scheduler_scheduling_attempt_duration_seconds_count{profile=\"default-scheduler\",result=\"scheduled\"} 1",
                "scheduler_e2e_scheduling_duration_seconds_count{profile=\"default-scheduler\",result=\"scheduled\"} 1",
                "scheduler_pod_scheduling_sli_duration_seconds_count{attempts=\"1\"} 1",
                "scheduler_queue_incoming_pods_total{event=\"PodAdd\",queue=\"active\"} 1.0",
                "scheduler_cache_size{type=\"nodes\"} 1.0");
        assertThat(get.apply("/healthz").body()).isEqualTo("ok");
        assertThat(get.apply("/readyz").statusCode()).isEqualTo(200);
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
