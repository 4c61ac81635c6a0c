package io.j8s.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EventRecorder;
import io.j8s.scheduler.framework.FitError;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeToStatus;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.framework.PostFilterResult;
import io.j8s.scheduler.framework.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Upstream's preemption.Evaluator with DefaultPreemption's victim selection. */
final class Evaluator {

    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    /** A node where preemption works, and the pods it would evict (most important first). */
    record Candidate(String node, List<Pod> victims, int pdbViolations) {}

    private final DefaultPreemption plugin;

    Evaluator(DefaultPreemption plugin) {
        this.plugin = plugin;
    }

    PostFilterResult preempt(CycleState state, Pod pod, NodeToStatus statuses) {
        List<NodeInfo> all = plugin.handle.snapshot().list();
        if (all.isEmpty()) return new PostFilterResult(null, Status.error("no nodes available"));
        NodeToStatus nodeStatuses = new NodeToStatus();
        List<Candidate> candidates = findCandidates(state, pod, all, statuses, nodeStatuses);
        if (candidates.isEmpty()) {
            nodeStatuses.setAbsentNodesStatus(Status.unresolvable(NOT_HELPFUL));
            FitError fit = new FitError(pod, all.size(), nodeStatuses, "", "", Set.of());
            return new PostFilterResult("", Status.unschedulable(fit.message()));
        }
        Candidate best = selectCandidate(candidates);
        Status s = prepareCandidate(best, pod);
        if (!s.isSuccess()) return new PostFilterResult(null, s);
        return new PostFilterResult(best.node(), Status.SUCCESS);
    }

    private List<Candidate> findCandidates(CycleState state, Pod pod, List<NodeInfo> all, NodeToStatus statuses, NodeToStatus out) {
        List<NodeInfo> potential = new ArrayList<>();
        for (NodeInfo n : all) {
            if (statuses.get(n.name()).code() == Code.Unschedulable) potential.add(n);
        }
        if (potential.isEmpty()) return List.of();
        int num = numCandidates(potential.size());
        int offset = ThreadLocalRandom.current().nextInt(potential.size());
        return dryRunPreemption(state, pod, potential, offset, num, out);
    }

    /** Upstream's calculateNumCandidates: a share of the nodes, at least the absolute minimum, at most all. */
    int numCandidates(int numNodes) {
        int n = numNodes * plugin.minCandidateNodesPercentage / 100;
        if (n < plugin.minCandidateNodesAbsolute) n = plugin.minCandidateNodesAbsolute;
        return Math.min(n, numNodes);
    }

    private List<Candidate> dryRunPreemption(CycleState state, Pod pod, List<NodeInfo> potential, int offset, int num, NodeToStatus out) {
        Candidate[] found = new Candidate[potential.size()];
        Status[] failed = new Status[potential.size()];
        AtomicInteger count = new AtomicInteger();
        AtomicBoolean enough = new AtomicBoolean();
        plugin.handle.parallelizer().until(potential.size(), i -> {
            int idx = (offset + i) % potential.size();
            NodeInfo copy = potential.get(idx).copy();
            CycleState stateCopy = state.copy();
            List<Pod> victims = new ArrayList<>();
            Status s = selectVictimsOnNode(stateCopy, pod, copy, victims);
            if (s.isSuccess() && !victims.isEmpty()) {
                found[idx] = new Candidate(copy.name(), victims, 0);
                if (count.incrementAndGet() >= num) enough.set(true);
                return;
            }
            if (s.isSuccess()) s = Status.error("expected at least one victim pod on node \"" + copy.name() + "\"");
            failed[idx] = s;
        }, enough);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < potential.size(); i++) {
            if (found[i] != null) candidates.add(found[i]);
            if (failed[i] != null) out.set(potential.get(i).name(), failed[i]);
        }
        return candidates;
    }

    /**
     * Upstream's SelectVictimsOnNode: remove every lower-priority pod; if the pod then fits, put
     * them back one by one, most important first, keeping back only those without which it does
     * not fit. {@code nodeInfo} and {@code state} are copies it may change.
     */
    Status selectVictimsOnNode(CycleState state, Pod pod, NodeInfo nodeInfo, List<Pod> victims) {
        int priority = Pods.priority(pod);
        List<PodInfo> potential = new ArrayList<>();
        for (PodInfo p : new ArrayList<>(nodeInfo.pods())) {
            if (Pods.priority(p.pod()) < priority) {
                potential.add(p);
                nodeInfo.removePod(p.pod());
                Status s = plugin.handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
                if (!s.isSuccess()) return s;
            }
        }
        if (potential.isEmpty()) return Status.unresolvable(NO_VICTIMS);
        Status fits = plugin.handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
        if (!fits.isSuccess()) return fits;
        potential.sort(MORE_IMPORTANT);
        for (PodInfo p : potential) {
            nodeInfo.addPod(p);
            Status s = plugin.handle.runPreFilterExtensionAddPod(state, pod, p, nodeInfo);
            if (!s.isSuccess()) return s;
            if (!plugin.handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo).isSuccess()) {
                nodeInfo.removePod(p.pod());
                s = plugin.handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
                if (!s.isSuccess()) return s;
                victims.add(p.pod());
            }
        }
        return Status.SUCCESS;
    }

    /** Upstream's MoreImportantPod: higher priority, then started earlier. */
    static final Comparator<PodInfo> MORE_IMPORTANT = (a, b) -> {
        int pa = Pods.priority(a.pod()), pb = Pods.priority(b.pod());
        if (pa != pb) return Integer.compare(pb, pa);
        return startTime(a.pod()).compareTo(startTime(b.pod()));
    };

    static Instant startTime(Pod p) {
        String t = p.getStatus() == null ? null : p.getStatus().getStartTime();
        if (t == null) t = p.getMetadata().getCreationTimestamp();
        try {
            return t == null ? Instant.MAX : Instant.parse(t);
        } catch (RuntimeException e) {
            return Instant.MAX;
        }
    }

    /**
     * Upstream's pickOneNodeForPreemption: fewest PDB violations, then the lowest highest victim
     * priority, then the lowest sum of victim priorities, then the fewest victims, then the latest
     * start among the most important victims, then the first.
     */
    static Candidate selectCandidate(List<Candidate> candidates) {
        List<Candidate> c = new ArrayList<>(candidates);
        c = minBy(c, x -> (long) x.pdbViolations());
        c = minBy(c, x -> (long) Pods.priority(x.victims().get(0)));
        c = minBy(c, x -> x.victims().stream().mapToLong(v -> (long) Pods.priority(v) + Integer.MAX_VALUE + 1).sum());
        c = minBy(c, x -> (long) x.victims().size());
        c = minBy(c, x -> -earliestStartOfHighest(x).getEpochSecond());
        return c.get(0);
    }

    private static Instant earliestStartOfHighest(Candidate c) {
        int highest = Pods.priority(c.victims().get(0));
        Instant earliest = Instant.MAX;
        for (Pod v : c.victims()) {
            if (Pods.priority(v) == highest && startTime(v).isBefore(earliest)) earliest = startTime(v);
        }
        return earliest == Instant.MAX ? Instant.EPOCH : earliest;
    }

    private static List<Candidate> minBy(List<Candidate> c, java.util.function.ToLongFunction<Candidate> f) {
        if (c.size() <= 1) return c;
        long min = Long.MAX_VALUE;
        for (Candidate x : c) min = Math.min(min, f.applyAsLong(x));
        List<Candidate> out = new ArrayList<>();
        for (Candidate x : c) {
            if (f.applyAsLong(x) == min) out.add(x);
        }
        return out;
    }

    /** Evicts the victims, and clears the nominations of lower-priority pods to the node. */
    private Status prepareCandidate(Candidate c, Pod pod) {
        for (Pod victim : c.victims()) {
            Status s = plugin.handle.podActions().preempt(victim, pod);
            if (!s.isSuccess()) return s;
            plugin.handle.eventRecorder().event(victim, pod, EventRecorder.NORMAL, "Preempted", "Preempting",
                    "Preempted by pod " + pod.getMetadata().getUid() + " on node " + c.node());
        }
        int priority = Pods.priority(pod);
        for (PodInfo p : plugin.handle.nominator().nominatedPodsForNode(c.node())) {
            if (Pods.priority(p.pod()) < priority) plugin.handle.podActions().clearNominatedNodeName(p.pod());
        }
        return Status.SUCCESS;
    }
}
