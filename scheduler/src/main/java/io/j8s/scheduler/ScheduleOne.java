package io.j8s.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.j8s.scheduler.cache.Cache;
import io.j8s.scheduler.cache.Snapshot;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.ClusterLister;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EventRecorder;
import io.j8s.scheduler.framework.FitError;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeToStatus;
import io.j8s.scheduler.framework.Parallelizer;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.framework.PostFilterResult;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.framework.runtime.Framework;
import io.j8s.scheduler.queue.SchedulingQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's schedule_one.go: one pod at a time through the scheduling cycle (snapshot, filter,
 * score, pick a node, assume, reserve, permit) on the scheduling thread, then its binding cycle
 * (wait on permit, prebind, bind) on a thread of its own, so the next pod need not wait for the API.
 */
final class ScheduleOne {

    private static final Logger log = LoggerFactory.getLogger(ScheduleOne.class);
    static final String NO_NODES_AVAILABLE = "no nodes available to schedule pods";
    /** Below this many nodes, all are filtered; upstream's minFeasibleNodesToFind. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    /** The adaptive percentage never goes below this; upstream's minFeasibleNodesPercentageToFind. */
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    private final SchedulingQueue queue;
    private final Cache cache;
    private final Snapshot snapshot;
    private final Map<String, Framework> profiles;
    private final ClusterLister lister;
    private final ApiPodActions podActions;
    private final SchedulerMetrics metrics;
    private final Executor bindings;
    private final Parallelizer parallelizer;
    private final Clock clock;
    private final int percentageOfNodesToScore;
    private int nextStartNodeIndex;

    ScheduleOne(SchedulingQueue queue, Cache cache, Snapshot snapshot, Map<String, Framework> profiles, ClusterLister lister,
                ApiPodActions podActions, SchedulerMetrics metrics, Executor bindings, Parallelizer parallelizer, Clock clock,
                int percentageOfNodesToScore) {
        this.queue = queue;
        this.cache = cache;
        this.snapshot = snapshot;
        this.profiles = profiles;
        this.lister = lister;
        this.podActions = podActions;
        this.metrics = metrics;
        this.bindings = bindings;
        this.parallelizer = parallelizer;
        this.clock = clock;
        this.percentageOfNodesToScore = percentageOfNodesToScore;
    }

    /** What a scheduling cycle decided. */
    sealed interface Outcome {
        record Scheduled(String host, int evaluated, int feasible) implements Outcome {}

        /** Turned away or failed; {@code nominated}: the node preemption chose, "" to clear, null to leave. */
        record Failed(Status status, Set<String> unschedulablePlugins, String nominated) implements Outcome {}
    }

    /** Schedules the next pod; false once the queue is closed. */
    boolean scheduleOne() throws InterruptedException {
        QueuedPodInfo qp = queue.pop();
        if (qp == null) return false;
        long podCycle = queue.schedulingCycle();
        Pod pod = qp.pod();
        Framework fwk = profiles.get(Pods.schedulerName(pod));
        if (fwk == null) {
            log.error("Error occurred: profile not found for scheduler name \"{}\" (pod {})", Pods.schedulerName(pod), Pods.key(pod));
            return true;
        }
        if (Pods.isTerminating(pod)) {
            fwk.eventRecorder().event(pod, null, EventRecorder.WARNING, "FailedScheduling", "Scheduling",
                    "skip schedule deleting pod: " + Pods.key(pod));
            return true;
        }
        if (cache.isAssumedPod(pod)) return true;
        Instant start = clock.instant();
        CycleState state = new CycleState();
        Outcome outcome;
        try {
            outcome = schedulePod(fwk, state, pod);
        } catch (RuntimeException e) {
            log.error("Error scheduling pod {}", Pods.key(pod), e);
            outcome = new Outcome.Failed(Status.asError(e), Set.of(), "");
        }
        switch (outcome) {
            case Outcome.Failed f -> {
                qp.unschedulablePlugins().clear();
                qp.unschedulablePlugins().addAll(f.unschedulablePlugins());
                handleFailure(fwk, qp, f.status(), f.nominated(), start, podCycle);
            }
            case Outcome.Scheduled s -> assumeAndBind(fwk, state, qp, s.host(), start, podCycle);
        }
        return true;
    }

    private void assumeAndBind(Framework fwk, CycleState state, QueuedPodInfo qp, String host, Instant start, long podCycle) {
        Pod pod = qp.pod();
        Pod assumed = new Pod(pod.getApiVersion(), pod.getKind(), pod.getMetadata(),
                new PodSpecBuilder(pod.getSpec()).withNodeName(host).build(), pod.getStatus());
        try {
            cache.assumePod(qp.podInfo().withPod(assumed));
        } catch (IllegalStateException e) {
            handleFailure(fwk, qp, Status.asError(e), "", start, podCycle);
            return;
        }
        queue.nominator().deleteNominatedPodIfExists(pod);
        Status s = fwk.runReservePluginsReserve(state, assumed, host);
        if (!s.isSuccess()) {
            fwk.runReservePluginsUnreserve(state, assumed, host);
            cache.forgetPod(assumed);
            rejectedBy(qp, s);
            handleFailure(fwk, qp, s, "", start, podCycle);
            return;
        }
        s = fwk.runPermitPlugins(state, assumed, host);
        if (!s.isSuccess() && s.code() != Code.Wait) {
            fwk.runReservePluginsUnreserve(state, assumed, host);
            cache.forgetPod(assumed);
            rejectedBy(qp, s);
            handleFailure(fwk, qp, s, "", start, podCycle);
            return;
        }
        bindings.execute(() -> bindingCycle(fwk, state, qp, assumed, host, start, podCycle));
    }

    private static void rejectedBy(QueuedPodInfo qp, Status s) {
        qp.unschedulablePlugins().clear();
        if (s.isRejected() && !s.plugin().isEmpty()) qp.unschedulablePlugins().add(s.plugin());
    }

    private void bindingCycle(Framework fwk, CycleState state, QueuedPodInfo qp, Pod assumed, String host, Instant start, long podCycle) {
        Status s;
        try {
            s = fwk.waitOnPermit(assumed);
            if (s.isSuccess()) s = fwk.runPreBindPlugins(state, assumed, host);
            if (s.isSuccess()) {
                s = fwk.runBindPlugins(state, assumed, host);
                if (s.isSkip()) s = Status.error("no bind plugin bound pod " + Pods.key(assumed));
            }
        } catch (RuntimeException e) {
            s = Status.asError(e);
        }
        if (!s.isSuccess()) {
            fwk.runReservePluginsUnreserve(state, assumed, host);
            cache.forgetPod(assumed);
            rejectedBy(qp, s);
            String uid = Pods.uid(assumed);
            // What it held on the node is free again: others may fit now (not itself, if rejected).
            queue.moveAllToActiveOrBackoffQueue(ClusterEvent.FORGET_POD, s.isRejected() ? p -> !Pods.uid(p).equals(uid) : null);
            handleFailure(fwk, qp, s, "", start, podCycle);
            return;
        }
        cache.finishBinding(assumed);
        Instant now = clock.instant();
        metrics.attempt(SchedulerMetrics.SCHEDULED, fwk.profileName(), seconds(start, now));
        metrics.podScheduled(qp.attempts(), seconds(qp.initialAttemptTimestamp(), now));
        fwk.eventRecorder().event(assumed, null, EventRecorder.NORMAL, "Scheduled", "Binding",
                "Successfully assigned " + Pods.key(assumed) + " to " + host);
        if (log.isDebugEnabled()) log.debug("Successfully bound pod to node: pod={} node={}", Pods.key(assumed), host);
        fwk.runPostBindPlugins(state, assumed, host);
    }

    /**
     * Upstream's handleSchedulingFailure: back into the queue (unless the pod is gone or bound
     * meanwhile), the nomination recorded, a FailedScheduling event, and the PodScheduled=False
     * condition with the reason and message.
     */
    void handleFailure(Framework fwk, QueuedPodInfo qp, Status status, String nominated, Instant start, long podCycle) {
        Pod pod = qp.pod();
        String reason = status.isRejected() ? "Unschedulable" : "SchedulerError";
        String message = status.message();
        metrics.attempt(status.isRejected() ? SchedulerMetrics.UNSCHEDULABLE : SchedulerMetrics.ERROR, fwk.profileName(),
                seconds(start, clock.instant()));
        if (status.isRejected()) {
            log.info("Unable to schedule pod; no fit; waiting: pod={} err=\"{}\"", Pods.key(pod), message);
        } else {
            log.warn("Error scheduling pod; retrying: pod={} err=\"{}\"", Pods.key(pod), message);
        }
        Pod cached = lister.pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        Pod current = pod;
        if (cached == null || !Pods.uid(cached).equals(Pods.uid(pod))) {
            log.info("Pod doesn't exist in informer cache: pod={}", Pods.key(pod));
            return;
        } else if (Pods.isAssigned(cached)) {
            log.info("Pod has been assigned to node. Abort adding it back to queue: pod={} node={}", Pods.key(pod), Pods.nodeName(cached));
        } else {
            if (cached != pod) qp.setPodInfo(PodInfo.of(cached));
            current = cached;
            queue.addUnschedulableIfNotPresent(qp, podCycle);
        }
        if (nominated != null) {
            if (nominated.isEmpty()) queue.nominator().deleteNominatedPodIfExists(current);
            else queue.nominator().addNominatedPod(qp.podInfo(), nominated);
        }
        fwk.eventRecorder().event(current, null, EventRecorder.WARNING, "FailedScheduling", "Scheduling", message);
        podActions.updatePodScheduledCondition(current, "False", reason, message, nominated);
    }

    /** Filter, then score, then pick: upstream's schedulePod. */
    Outcome schedulePod(Framework fwk, CycleState state, Pod pod) {
        cache.updateSnapshot(snapshot);
        if (snapshot.numNodes() == 0) {
            return new Outcome.Failed(Status.unresolvable(NO_NODES_AVAILABLE), Set.of(), "");
        }
        NodeToStatus diagnosis = new NodeToStatus();
        Set<String> unschedulablePlugins = new HashSet<>();
        List<NodeInfo> feasible = new ArrayList<>();
        String preFilterMsg = findNodesThatFit(fwk, state, pod, diagnosis, unschedulablePlugins, feasible);
        if (preFilterMsg == null) {
            return new Outcome.Failed(Status.error(diagnosis.absentNodesStatus().message()), Set.of(), "");
        }
        if (!diagnosis.explicit().isEmpty() && diagnosis.explicit().values().stream().anyMatch(s -> s.code() == Code.Error)) {
            Status err = diagnosis.explicit().values().stream().filter(s -> s.code() == Code.Error).findFirst().orElseThrow();
            return new Outcome.Failed(err, Set.of(), "");
        }
        if (feasible.isEmpty()) {
            FitError fit = new FitError(pod, snapshot.numNodes(), diagnosis, preFilterMsg, "", unschedulablePlugins);
            String nominated = null;
            if (fwk.hasPostFilterPlugins()) {
                PostFilterResult pr = fwk.runPostFilterPlugins(state, pod, diagnosis);
                if (pr.status().code() == Code.Error) log.error("Status after running PostFilter plugins for pod {}: {}", Pods.key(pod), pr.status());
                fit = fit.withPostFilterMsg(pr.status().message());
                nominated = pr.nominatedNodeName();
            }
            return new Outcome.Failed(Status.unschedulable(fit.message()), fit.unschedulablePlugins(), nominated);
        }
        int evaluated = feasible.size() + diagnosis.size();
        if (feasible.size() == 1) return new Outcome.Scheduled(feasible.get(0).name(), evaluated, 1);
        long[] totals;
        if (fwk.hasScorePlugins()) {
            Status s = fwk.runPreScorePlugins(state, pod, feasible);
            if (!s.isSuccess()) return new Outcome.Failed(s, Set.of(), "");
            Framework.Scores scores = fwk.runScorePlugins(state, pod, feasible);
            if (!scores.status().isSuccess()) return new Outcome.Failed(scores.status(), Set.of(), "");
            totals = scores.totals();
        } else {
            totals = new long[feasible.size()]; // every node scores the same: pick at random
        }
        return new Outcome.Scheduled(feasible.get(selectHost(totals)).name(), evaluated, feasible.size());
    }

    /**
     * Fills {@code feasible} and {@code diagnosis}; returns the PreFilter rejection message ("" if
     * PreFilter passed), or null when PreFilter failed with an error (its status is then the
     * diagnosis' absent status).
     */
    private String findNodesThatFit(Framework fwk, CycleState state, Pod pod, NodeToStatus diagnosis, Set<String> unschedulablePlugins,
                                    List<NodeInfo> feasible) {
        List<NodeInfo> all = snapshot.list();
        Framework.PreFilterOutcome pre = fwk.runPreFilterPlugins(state, pod);
        unschedulablePlugins.addAll(pre.unschedulablePlugins());
        if (!pre.status().isSuccess()) {
            diagnosis.setAbsentNodesStatus(pre.status());
            if (!pre.status().isRejected()) return null;
            return pre.status().message();
        }
        // A pod nominated by an earlier preemption tries its node first: likely the only one with room.
        String nominated = Pods.nominatedNodeName(pod);
        if (!nominated.isEmpty()) {
            NodeInfo n = snapshot.get(nominated);
            if (n != null && fwk.runFilterPluginsWithNominatedPods(state, pod, n).isSuccess()) {
                feasible.add(n);
                return "";
            }
        }
        List<NodeInfo> nodes = all;
        if (pre.nodeNames() != null) {
            nodes = new ArrayList<>(pre.nodeNames().size());
            for (String name : pre.nodeNames()) {
                NodeInfo n = snapshot.get(name);
                if (n != null) nodes.add(n);
            }
            diagnosis.setAbsentNodesStatus(Status.unresolvable("node(s) didn't satisfy plugin(s) " + pre.unschedulablePlugins()));
        }
        findNodesThatPassFilters(fwk, state, pod, diagnosis, unschedulablePlugins, nodes, feasible);
        if (!all.isEmpty()) nextStartNodeIndex = (nextStartNodeIndex + feasible.size() + diagnosis.size()) % all.size();
        return "";
    }

    private void findNodesThatPassFilters(Framework fwk, CycleState state, Pod pod, NodeToStatus diagnosis, Set<String> unschedulablePlugins,
                                          List<NodeInfo> nodes, List<NodeInfo> feasibleOut) {
        int n = nodes.size();
        if (n == 0) return;
        int toFind = numFeasibleNodesToFind(percentageOfNodesToScore, fwk.percentageOfNodesToScore(), n);
        if (!fwk.hasScorePlugins()) toFind = 1;
        int start = nextStartNodeIndex % n;
        if (!fwk.hasFilterPlugins()) {
            for (int i = 0; i < toFind; i++) feasibleOut.add(nodes.get((start + i) % n));
            return;
        }
        NodeInfo[] feasible = new NodeInfo[toFind];
        Status[] statuses = new Status[n];
        AtomicInteger found = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Status> error = new AtomicReference<>();
        int limit = toFind;
        parallelizer.until(n, i -> {
            NodeInfo node = nodes.get((start + i) % n);
            Status s = fwk.runFilterPluginsWithNominatedPods(state, pod, node);
            if (s.code() == Code.Error) {
                error.compareAndSet(null, s);
                stop.set(true);
                return;
            }
            if (s.isSuccess()) {
                int k = found.incrementAndGet();
                if (k > limit) {
                    stop.set(true);
                    found.decrementAndGet();
                } else {
                    feasible[k - 1] = node;
                }
            } else {
                statuses[i] = s;
            }
        }, stop);
        for (int i = 0; i < n; i++) {
            Status s = statuses[i];
            if (s == null) continue;
            diagnosis.set(nodes.get((start + i) % n).name(), s);
            if (s.isRejected() && !s.plugin().isEmpty()) unschedulablePlugins.add(s.plugin());
        }
        if (error.get() != null) {
            diagnosis.set("", error.get());
            return;
        }
        int k = Math.min(found.get(), limit);
        for (int i = 0; i < k; i++) feasibleOut.add(feasible[i]);
    }

    /** How many feasible nodes are enough before scoring: upstream's numFeasibleNodesToFind. */
    static int numFeasibleNodesToFind(int globalPercentage, Integer profilePercentage, int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
        int percentage = profilePercentage != null ? profilePercentage : globalPercentage;
        if (percentage == 0) {
            percentage = 50 - numAllNodes / 125;
            if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
        }
        int num = (int) ((long) numAllNodes * percentage / 100);
        return Math.max(num, MIN_FEASIBLE_NODES_TO_FIND);
    }

    /** The index of the highest total; ties broken uniformly at random (reservoir sampling), as upstream. */
    static int selectHost(long[] totals) {
        int selected = 0;
        int ties = 1;
        for (int i = 1; i < totals.length; i++) {
            if (totals[i] > totals[selected]) {
                selected = i;
                ties = 1;
            } else if (totals[i] == totals[selected]) {
                ties++;
                if (ThreadLocalRandom.current().nextInt(ties) == 0) selected = i;
            }
        }
        return selected;
    }

    private static double seconds(Instant from, Instant to) {
        return from == null ? 0 : Duration.between(from, to).toNanos() / 1e9;
    }
}
