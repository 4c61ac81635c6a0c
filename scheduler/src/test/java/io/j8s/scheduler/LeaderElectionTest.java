package io.j8s.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.j8s.scheduler.config.LeaderElection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two schedulers on the Lease kube-system/kube-scheduler: one schedules; when it goes, the other does. */
class LeaderElectionTest {

    TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestCluster();
        cluster.createNode("node-1", "4", "8Gi");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static SchedulerOptions electing(String identity) {
        SchedulerOptions o = TestCluster.options();
        LeaderElection le = LeaderElection.DEFAULTS.withDurations(Duration.ofMillis(1500), Duration.ofMillis(1000), Duration.ofMillis(200));
        return o.withConfig(o.config().withLeaderElection(le)).withIdentity(identity);
    }

    private Lease lease() {
        return cluster.client.leases().inNamespace("kube-system").withName("kube-scheduler").get();
    }

    @Test
    void exactlyOneOfTwoSchedulesAndTheOtherTakesOverWhenItStops() throws Exception {
        Scheduler a = cluster.startScheduler(electing("sched-a"));
        Scheduler b = cluster.startScheduler(electing("sched-b"));
        Poll.until(() -> a.isScheduling() || b.isScheduling());
        Scheduler leader = a.isScheduling() ? a : b;
        Scheduler standby = leader == a ? b : a;
        String leaderId = leader == a ? "sched-a" : "sched-b";
        Poll.until(() -> lease() != null && leaderId.equals(lease().getSpec().getHolderIdentity()));
        assertThat(standby.isScheduling()).isFalse();
        assertThat(leader.metricsText()).contains("leader_election_master_status{name=\"kube-scheduler\"} 1.0");
        assertThat(standby.metricsText()).contains("leader_election_master_status{name=\"kube-scheduler\"} 0.0");

        cluster.create(TestCluster.pod("default", "before").build());
        cluster.awaitBound("default", "before");

        leader.close();
        Poll.until(standby::isScheduling, () -> "lease " + lease().getSpec());
        cluster.create(TestCluster.pod("default", "after").build());
        cluster.awaitBound("default", "after");
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader == a ? "sched-b" : "sched-a");
        assertThat(List.of(a, b)).filteredOn(Scheduler::isScheduling).hasSize(1);
    }
}
