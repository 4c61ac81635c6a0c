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

    private static final int CPU = 0, MEMORY = 1, EPHEMERAL = 2, PODS = 3, SCALAR = 4;

    private final List<ResourceSpec> resources;
    private final String[] names;
    /** Each resource's kind, decided once: scoring runs for every node of every cycle. */
    private final int[] kinds;
    private final boolean useRequested;
    private final Scorer scorer;

    ResourceAllocationScorer(List<ResourceSpec> resources, boolean useRequested, Scorer scorer) {
        this.resources = resources;
        this.useRequested = useRequested;
        this.scorer = scorer;
        this.names = resources.stream().map(ResourceSpec::name).toArray(String[]::new);
        this.kinds = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            kinds[i] = switch (names[i]) {
                case Resource.CPU -> CPU;
                case Resource.MEMORY -> MEMORY;
                case Resource.EPHEMERAL_STORAGE -> EPHEMERAL;
                case Resource.PODS -> PODS;
                default -> SCALAR;
            };
        }
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
        int n = kinds.length;
        long[] requested = new long[n];
        long[] allocatable = new long[n];
        Resource nodeRequested = useRequested ? node.requested() : node.nonZeroRequested();
        Resource alloc = node.allocatable();
        for (int i = 0; i < n; i++) {
            switch (kinds[i]) {
                case CPU -> {
                    allocatable[i] = alloc.milliCpu();
                    requested[i] = nodeRequested.milliCpu() + podRequests[i];
                }
                case MEMORY -> {
                    allocatable[i] = alloc.memory();
                    requested[i] = nodeRequested.memory() + podRequests[i];
                }
                case EPHEMERAL -> {
                    allocatable[i] = alloc.ephemeralStorage();
                    requested[i] = node.requested().ephemeralStorage() + podRequests[i];
                }
                case PODS -> {
                    allocatable[i] = alloc.allowedPodNumber();
                    requested[i] = podRequests[i];
                }
                default -> {
                    // An extended resource the pod does not ask for is not scored.
                    if (podRequests[i] == 0) continue;
                    allocatable[i] = alloc.get(names[i]);
                    requested[i] = node.requested().get(names[i]) + podRequests[i];
                }
            }
        }
        return scorer.score(requested, allocatable);
    }

    /** Upstream's leastResourceScorer: free share per resource, weighted mean. */
    static Scorer leastAllocated(List<ResourceSpec> resources) {
        long[] weight = resources.stream().mapToLong(ResourceSpec::weight).toArray();
        return (requested, allocatable) -> {
            long score = 0, weights = 0;
            for (int i = 0; i < requested.length; i++) {
                if (allocatable[i] == 0) continue;
                long w = weight[i];
                long s = requested[i] > allocatable[i] ? 0 : (allocatable[i] - requested[i]) * 100 / allocatable[i];
                score += s * w;
                weights += w;
            }
            return weights == 0 ? 0 : score / weights;
        };
    }

    /** Upstream's mostResourceScorer: used share per resource (capped at full), weighted mean. */
    static Scorer mostAllocated(List<ResourceSpec> resources) {
        long[] weight = resources.stream().mapToLong(ResourceSpec::weight).toArray();
        return (requested, allocatable) -> {
            long score = 0, weights = 0;
            for (int i = 0; i < requested.length; i++) {
                if (allocatable[i] == 0) continue;
                long w = weight[i];
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
