package io.j8s.scheduler.plugins.defaultpreemption;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeToStatus;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.framework.PostFilterPlugin;
import io.j8s.scheduler.framework.PostFilterResult;
import io.j8s.scheduler.framework.Status;

/**
 * When no node fits, finds the node where evicting the fewest, least important pods of lower
 * priority makes room; evicts them (DisruptionTarget condition, graceful delete, a Preempted
 * event each) and nominates the pod to that node so it is tried there first once they are gone.
 * PodDisruptionBudgets are not consulted yet: every victim counts as not violating one.
 */
public final class DefaultPreemption implements PostFilterPlugin {

    public static final String NAME = "DefaultPreemption";

    final Handle handle;
    final int minCandidateNodesPercentage;
    final int minCandidateNodesAbsolute;

    DefaultPreemption(Handle handle, int minCandidateNodesPercentage, int minCandidateNodesAbsolute) {
        this.handle = handle;
        this.minCandidateNodesPercentage = minCandidateNodesPercentage;
        this.minCandidateNodesAbsolute = minCandidateNodesAbsolute;
    }

    /** Args (DefaultPreemptionArgs): minCandidateNodesPercentage (0–100, default 10), minCandidateNodesAbsolute (default 100). */
    public static Plugin factory(JsonNode args, Handle handle) {
        int pct = args.path("minCandidateNodesPercentage").asInt(10);
        int abs = args.path("minCandidateNodesAbsolute").asInt(100);
        if (pct < 0 || pct > 100) throw new IllegalArgumentException("minCandidateNodesPercentage must be in [0, 100], not " + pct);
        if (abs < 0) throw new IllegalArgumentException("minCandidateNodesAbsolute must not be negative, not " + abs);
        if (pct == 0 && abs == 0) throw new IllegalArgumentException("minCandidateNodesPercentage and minCandidateNodesAbsolute cannot both be zero");
        return new DefaultPreemption(handle, pct, abs);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PostFilterResult postFilter(CycleState state, Pod pod, NodeToStatus statuses) {
        PostFilterResult r = preempt(state, pod, statuses);
        String msg = r.status().message();
        if (!msg.isEmpty()) return new PostFilterResult(r.nominatedNodeName(), Status.of(r.status().code(), "preemption: " + msg));
        return r;
    }

    private PostFilterResult preempt(CycleState state, Pod pod, NodeToStatus statuses) {
        Pod latest = handle.lister().pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        if (latest != null && Pods.uid(latest).equals(Pods.uid(pod))) {
            // the lister's copy may lack a priority the scheduler resolved from the class
            if (latest.getSpec().getPriority() == null) latest = pod;
            pod = latest;
        }
        String notEligible = eligibleToPreemptOthers(pod, statuses.get(Pods.nominatedNodeName(pod)));
        if (notEligible != null) return new PostFilterResult(null, Status.unschedulable(notEligible));
        return new Evaluator(this).preempt(state, pod, statuses);
    }

    /** Null if the pod may preempt, else why not (upstream's PodEligibleToPreemptOthers). */
    String eligibleToPreemptOthers(Pod pod, Status nominatedNodeStatus) {
        if ("Never".equals(pod.getSpec().getPreemptionPolicy())) return "not eligible due to preemptionPolicy=Never.";
        String nominated = Pods.nominatedNodeName(pod);
        if (!nominated.isEmpty()) {
            // a nominated node that can no longer work at all: preempt again elsewhere
            if (nominatedNodeStatus.code() == Code.UnschedulableAndUnresolvable) return null;
            NodeInfo n = handle.snapshot().get(nominated);
            if (n != null) {
                int priority = Pods.priority(pod);
                for (PodInfo p : n.pods()) {
                    if (Pods.priority(p.pod()) < priority && terminatingByPreemption(p.pod())) {
                        return "not eligible due to a terminating pod on the nominated node.";
                    }
                }
            }
        }
        return null;
    }

    static boolean terminatingByPreemption(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() == null || p.getStatus() == null || p.getStatus().getConditions() == null) return false;
        for (PodCondition c : p.getStatus().getConditions()) {
            if ("DisruptionTarget".equals(c.getType()) && "PreemptionByScheduler".equals(c.getReason())) return true;
        }
        return false;
    }
}
