package io.j8s.scheduler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.queuesort.PrioritySort;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulingQueueTest {

    MutableClock clock;
    SchedulingQueue queue;
    List<String> incoming;

    @BeforeEach
    void setUp() {
        clock = new MutableClock();
        incoming = new ArrayList<>();
        PrioritySort sort = new PrioritySort();
        Map<String, List<ClusterEvent>> events = Map.of(
                "NodeResourcesFit", List.of(new ClusterEvent(ClusterEvent.Resource.Pod, ClusterEvent.ActionType.DELETE),
                        new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD)),
                "NodeAffinity", List.of(new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE_NODE_LABEL)));
        queue = new SchedulingQueue((a, b) -> sort.less(a, b) ? -1 : sort.less(b, a) ? 1 : 0, clock, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(5),
                pod -> pod.getSpec().getSchedulingGates() == null || pod.getSpec().getSchedulingGates().isEmpty()
                        ? Status.SUCCESS : Status.unresolvable("gated").withPlugin("SchedulingGates"),
                events, new Nominator(), (q, e) -> incoming.add(q + ":" + e));
    }

    private QueuedPodInfo pop() throws InterruptedException {
        return queue.pop();
    }

    /** Pops, fails with {@code plugins} rejecting, and puts back. */
    private QueuedPodInfo fail(Set<String> plugins) throws InterruptedException {
        QueuedPodInfo p = pop();
        long cycle = queue.schedulingCycle();
        p.unschedulablePlugins().clear();
        p.unschedulablePlugins().addAll(plugins);
        queue.addUnschedulableIfNotPresent(p, cycle);
        return p;
    }

    @Test
    void popsByPriorityThenArrival() throws Exception {
        queue.add(Fixtures.withPriority(Fixtures.pod("low").build(), 1));
        clock.advance(Duration.ofMillis(1));
        queue.add(Fixtures.withPriority(Fixtures.pod("high").build(), 100));
        clock.advance(Duration.ofMillis(1));
        queue.add(Fixtures.withPriority(Fixtures.pod("low-later").build(), 1));
        assertThat(List.of(pop().pod().getMetadata().getName(), pop().pod().getMetadata().getName(), pop().pod().getMetadata().getName()))
                .containsExactly("high", "low", "low-later");
    }

    record BackoffCase(int attempts, Duration want) {}

    static Stream<BackoffCase> backoffs() {
        return Stream.of(new BackoffCase(1, Duration.ofSeconds(1)), new BackoffCase(2, Duration.ofSeconds(2)),
                new BackoffCase(3, Duration.ofSeconds(4)), new BackoffCase(4, Duration.ofSeconds(8)),
                new BackoffCase(5, Duration.ofSeconds(10)), new BackoffCase(12, Duration.ofSeconds(10)));
    }

    @ParameterizedTest(name = "attempt {0}: {1}")
    @MethodSource("backoffs")
    void backoffDoublesFromOneSecondUpToTen(BackoffCase c) {
        QueuedPodInfo p = new QueuedPodInfo(io.j8s.scheduler.framework.PodInfo.of(Fixtures.pod("p").build()), clock.instant());
        for (int i = 0; i < c.attempts(); i++) p.incrementAttempts();
        assertThat(queue.backoffDuration(p)).isEqualTo(c.want());
    }

    @Test
    void aRejectedPodWaitsForAnEventItsPluginsRegistered() throws Exception {
        Pod pod = Fixtures.pod("p").build();
        queue.add(pod);
        fail(Set.of("NodeAffinity"));
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.UNSCHEDULABLE);

        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.ASSIGNED_POD_DELETE); // NodeAffinity does not care
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.UNSCHEDULABLE);

        queue.moveAllToActiveOrBackoffQueue(new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.UPDATE_NODE_LABEL));
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.BACKOFF); // still within its 1 s backoff
        clock.advance(Duration.ofMillis(999));
        queue.flushBackoffQCompleted();
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.BACKOFF);
        clock.advance(Duration.ofMillis(1));
        queue.flushBackoffQCompleted();
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.ACTIVE);
        assertThat(pop().attempts()).isEqualTo(2);
    }

    @Test
    void anEventAfterTheBackoffMovesStraightToActive() throws Exception {
        Pod pod = Fixtures.pod("p").build();
        queue.add(pod);
        fail(Set.of("NodeResourcesFit"));
        clock.advance(Duration.ofSeconds(2));
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.ASSIGNED_POD_DELETE);
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.ACTIVE);
        assertThat(incoming).contains("active:AssignedPodDelete");
    }

    @Test
    void anEventDuringTheAttemptSendsTheFailedPodToBackoffNotUnschedulable() throws Exception {
        Pod pod = Fixtures.pod("p").build();
        queue.add(pod);
        QueuedPodInfo p = pop();
        long cycle = queue.schedulingCycle();
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NODE_ADD); // while p was being scheduled
        p.unschedulablePlugins().add("NodeAffinity");
        queue.addUnschedulableIfNotPresent(p, cycle);
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.BACKOFF);
    }

    @Test
    void anErrorWithNoRejectingPluginBacksOff() throws Exception {
        Pod pod = Fixtures.pod("p").build();
        queue.add(pod);
        fail(Set.of());
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.BACKOFF);
    }

    @Test
    void podsLeftUnschedulableTooLongAreRetried() throws Exception {
        Pod pod = Fixtures.pod("p").build();
        queue.add(pod);
        fail(Set.of("NodeAffinity"));
        clock.advance(Duration.ofMinutes(5));
        queue.flushUnschedulablePodsLeftover();
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.UNSCHEDULABLE);
        clock.advance(Duration.ofSeconds(1));
        queue.flushUnschedulablePodsLeftover();
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.ACTIVE);
    }

    @Test
    void aStatusOnlyUpdateDoesNotRetryButASpecChangeDoes() throws Exception {
        Pod pod = Fixtures.pod("p").build();
        queue.add(pod);
        fail(Set.of("NodeAffinity"));
        Pod withCondition = new PodBuilder(pod).withNewStatus().withPhase("Pending").endStatus().build();
        queue.update(pod, withCondition);
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.UNSCHEDULABLE);
        clock.advance(Duration.ofSeconds(5));
        Pod relabelled = new PodBuilder(withCondition).editMetadata().addToLabels("tier", "web").endMetadata().build();
        queue.update(withCondition, relabelled);
        assertThat(queue.whereIs(pod)).isEqualTo(SchedulingQueue.ACTIVE);
    }

    @Test
    void gatedPodsWaitUntilTheirGatesAreRemoved() throws Exception {
        Pod gated = Fixtures.pod("g").editSpec().withSchedulingGates(new PodSchedulingGate("example.com/wait")).endSpec().build();
        queue.add(gated);
        assertThat(queue.whereIs(gated)).isEqualTo(SchedulingQueue.GATED);
        assertThat(queue.lengths()).containsEntry("gated", 1).containsEntry("unschedulable", 0);
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NODE_ADD);
        assertThat(queue.whereIs(gated)).isEqualTo(SchedulingQueue.GATED);
        Pod open = new PodBuilder(gated).editSpec().withSchedulingGates(List.of()).endSpec().build();
        queue.update(gated, open);
        assertThat(queue.whereIs(gated)).isEqualTo(SchedulingQueue.ACTIVE);
    }

    @Test
    void deletedPodsLeaveTheQueueAndTheirNomination() throws Exception {
        Pod pod = new PodBuilder(Fixtures.pod("p").build()).withNewStatus().withNominatedNodeName("node-1").endStatus().build();
        queue.add(pod);
        assertThat(queue.nominator().nominatedPodsForNode("node-1")).hasSize(1);
        queue.delete(pod);
        assertThat(queue.whereIs(pod)).isNull();
        assertThat(queue.nominator().nominatedPodsForNode("node-1")).isEmpty();
    }

    @Test
    void popWaitsForAPodAndCloseReleasesIt() throws Exception {
        List<Object> got = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                got.add(String.valueOf(queue.pop()));
            } catch (InterruptedException e) {
                got.add(e);
            }
        });
        t.start();
        queue.close();
        t.join(10_000);
        assertThat(got).containsExactly("null");
    }
}
