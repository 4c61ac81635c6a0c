package io.j8s.scheduler.plugins.noderesources;

import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Resource;
import java.util.List;

/**
 * What the resource scorers share (upstream's resourceAllocationScorer): for each configured
 * resource, the node's allocatable and what it would have requested with the pod on it. With
 * {@code useRequested} the real requests count; without, cpu and memory count with the 100m /
 * 200 MiB of containers that name none, so empty pods still spread.
 */
final class ResourceAllocationScorer {

    interface Scorer {
        long score(long[] requested, long[] allocatable);
    }

    private final List<ResourceSpec> resources;
    private final boolean useRequested;
    private final Scorer scorer;

    ResourceAllocationScorer(List<ResourceSpec> resources, boolean useRequested, Scorer scorer) {
        this.resources = resources;
        this.useRequested = useRequested;
        this.scorer = scorer;
    }

    List<ResourceSpec> resources() {
        return resources;
    }

    /** What the pod asks of each configured resource. */
    long[] podRequests(PodInfo pod) {
        long[] r = new long[resources.size()];
        for (int i = 0; i < r.length; i++) {
            String name = resources.get(i).name();
            if (!useRequested && name.equals(Resource.CPU)) r[i] = pod.nonZeroMilliCpu();
            else if (!useRequested && name.equals(Resource.MEMORY)) r[i] = pod.nonZeroMemory();
            else r[i] = pod.requests().get(name);
        }
        return r;
    }

    long score(NodeInfo node, long[] podRequests) {
        int n = resources.size();
        long[] requested = new long[n];
        long[] allocatable = new long[n];
        Resource nodeRequested = useRequested ? node.requested() : node.nonZeroRequested();
        for (int i = 0; i < n; i++) {
            String name = resources.get(i).name();
            boolean scalar = !name.equals(Resource.CPU) && !name.equals(Resource.MEMORY) && !name.equals(Resource.EPHEMERAL_STORAGE)
                    && !name.equals(Resource.PODS);
            // An extended resource the pod does not ask for is not scored.
            if (scalar && podRequests[i] == 0) continue;
            allocatable[i] = node.allocatable().get(name);
            long used = scalar || name.equals(Resource.EPHEMERAL_STORAGE) ? node.requested().get(name) : nodeRequested.get(name);
            requested[i] = used + podRequests[i];
        }
        return scorer.score(requested, allocatable);
    }

    /** Upstream's leastResourceScorer: free share per resource, weighted mean. */
    static Scorer leastAllocated(List<ResourceSpec> resources) {
        return (requested, allocatable) -> {
            long score = 0, weights = 0;
            for (int i = 0; i < requested.length; i++) {
                if (allocatable[i] == 0) continue;
                long w = resources.get(i).weight();
                long s = requested[i] > allocatable[i] ? 0 : (allocatable[i] - requested[i]) * 100 / allocatable[i];
                score += s * w;
                weights += w;
            }
            return weights == 0 ? 0 : score / weights;
        };
    }

    /** Upstream's mostResourceScorer: used share per resource (capped at full), weighted mean. */
    static Scorer mostAllocated(List<ResourceSpec> resources) {
        return (requested, allocatable) -> {
            long score = 0, weights = 0;
            for (int i = 0; i < requested.length; i++) {
                if (allocatable[i] == 0) continue;
                long w = resources.get(i).weight();
                long used = Math.min(requested[i], allocatable[i]);
                score += used * 100 / allocatable[i] * w;
                weights += w;
            }
            return weights == 0 ? 0 : score / weights;
        };
    }

    /**
     * Upstream's requestedToCapacityRatio: a piecewise-linear function of utilization (0–100) given
     * by shape points with scores 0–10 (scaled to 0–100), weighted mean over resources.
     */
    static Scorer requestedToCapacityRatio(List<ResourceSpec> resources, long[][] shape) {
        return (requested, allocatable) -> {
            long score = 0, weights = 0;
            for (int i = 0; i < requested.length; i++) {
                if (allocatable[i] == 0) continue;
                long w = resources.get(i).weight();
                long utilization = requested[i] > allocatable[i] ? 100 : requested[i] * 100 / allocatable[i];
                score += brokenLinear(shape, utilization) * w;
                weights += w;
            }
            return weights == 0 ? 0 : Math.round((double) score / weights);
        };
    }

    /** shape: {utilization, score×10} ascending by utilization. */
    static long brokenLinear(long[][] shape, long p) {
        for (int i = 0; i < shape.length; i++) {
            if (p <= shape[i][0]) {
                if (i == 0) return shape[0][1];
                return shape[i - 1][1] + (shape[i][1] - shape[i - 1][1]) * (p - shape[i - 1][0]) / (shape[i][0] - shape[i - 1][0]);
            }
        }
        return shape[shape.length - 1][1];
    }
}
