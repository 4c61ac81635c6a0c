package io.j8s.scheduler.plugins.noderesources;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.Resource;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NodeResourcesFit. Filter: the pod's requests (cpu, memory, ephemeral-storage, extended
 * resources, one more pod) must fit in what the node's allocatable leaves after its pods'
 * requests. A request larger than the whole node is UnschedulableAndUnresolvable (preemption
 * cannot help). Score: LeastAllocated by default (spread), MostAllocated (pack), or
 * RequestedToCapacityRatio, from {@code scoringStrategy}.
 */
public final class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = "NodeResourcesFit";
    private static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;

    /** One resource the node lacks. */
    public record InsufficientResource(String resourceName, String reason, long requested, long used, long capacity, boolean unresolvable) {}

    record PreFilterState(Resource request) implements CycleState.StateData {
        @Override
        public CycleState.StateData copy() {
            return this;
        }
    }

    record PreScoreState(long[] podRequests) implements CycleState.StateData {
        @Override
        public CycleState.StateData copy() {
            return this;
        }
    }

    private final Set<String> ignoredResources;
    private final Set<String> ignoredResourceGroups;
    private final ResourceAllocationScorer scorer;

    Fit(Set<String> ignoredResources, Set<String> ignoredResourceGroups, ResourceAllocationScorer scorer) {
        this.ignoredResources = Set.copyOf(ignoredResources);
        this.ignoredResourceGroups = Set.copyOf(ignoredResourceGroups);
        this.scorer = scorer;
    }

    /**
     * Args (NodeResourcesFitArgs): ignoredResources, ignoredResourceGroups, scoringStrategy {type:
     * LeastAllocated | MostAllocated | RequestedToCapacityRatio, resources [{name, weight}],
     * requestedToCapacityRatio {shape [{utilization, score}]}}.
     */
    public static Plugin factory(JsonNode args, Handle handle) {
        Set<String> ignored = new HashSet<>();
        args.path("ignoredResources").forEach(n -> ignored.add(n.asText()));
        Set<String> groups = new HashSet<>();
        args.path("ignoredResourceGroups").forEach(n -> groups.add(n.asText()));
        JsonNode strategy = args.path("scoringStrategy");
        List<ResourceSpec> resources = ResourceSpec.parse(strategy.path("resources"), ResourceSpec.DEFAULT);
        String type = strategy.path("type").asText("LeastAllocated");
        ResourceAllocationScorer.Scorer s = switch (type) {
            case "LeastAllocated" -> ResourceAllocationScorer.leastAllocated(resources);
            case "MostAllocated" -> ResourceAllocationScorer.mostAllocated(resources);
            case "RequestedToCapacityRatio" -> ResourceAllocationScorer.requestedToCapacityRatio(resources, shape(strategy.path("requestedToCapacityRatio")));
            default -> throw new IllegalArgumentException("scoringStrategy.type: unsupported value \"" + type
                    + "\" (LeastAllocated, MostAllocated, RequestedToCapacityRatio)");
        };
        return new Fit(ignored, groups, new ResourceAllocationScorer(resources, false, s));
    }

    private static long[][] shape(JsonNode r) {
        JsonNode shape = r.path("shape");
        if (!shape.isArray() || shape.isEmpty()) throw new IllegalArgumentException("requestedToCapacityRatio.shape: at least one point is required");
        List<long[]> points = new ArrayList<>();
        for (JsonNode p : shape) {
            long u = p.path("utilization").asLong(), sc = p.path("score").asLong();
            if (u < 0 || u > 100 || sc < 0 || sc > 10) throw new IllegalArgumentException("shape points need utilization in [0, 100] and score in [0, 10]");
            if (!points.isEmpty() && points.get(points.size() - 1)[0] >= u) throw new IllegalArgumentException("shape utilization values must be increasing");
            points.add(new long[] {u, sc * 10});
        }
        return points.toArray(long[][]::new);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result preFilter(CycleState state, Pod pod) {
        state.write(PRE_FILTER_KEY, new PreFilterState(state.podInfo(pod).requests()));
        return Result.OK;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Resource request = state.read(PRE_FILTER_KEY, PreFilterState.class).request();
        // The common case, without allocating: everything fits.
        if (fitsAll(request, nodeInfo)) return Status.SUCCESS;
        List<InsufficientResource> insufficient = fits(request, nodeInfo, ignoredResources, ignoredResourceGroups);
        if (insufficient.isEmpty()) return Status.SUCCESS;
        boolean unresolvable = false;
        String[] reasons = new String[insufficient.size()];
        for (int i = 0; i < reasons.length; i++) {
            reasons[i] = insufficient.get(i).reason();
            unresolvable |= insufficient.get(i).unresolvable();
        }
        return unresolvable ? Status.unresolvable(reasons) : Status.unschedulable(reasons);
    }

    /** Whether pods, cpu, memory and ephemeral storage fit and no extended resource is asked for. */
    private static boolean fitsAll(Resource request, NodeInfo node) {
        Resource alloc = node.allocatable();
        Resource used = node.requested();
        return node.pods().size() + 1 <= alloc.allowedPodNumber()
                && request.scalarResources().isEmpty()
                && request.milliCpu() <= alloc.milliCpu() - used.milliCpu()
                && request.memory() <= alloc.memory() - used.memory()
                && request.ephemeralStorage() <= alloc.ephemeralStorage() - used.ephemeralStorage();
    }

    /** What the node lacks for {@code request}, in upstream's order: pods, cpu, memory, ephemeral-storage, the rest. */
    public static List<InsufficientResource> fits(Resource request, NodeInfo node, Set<String> ignored, Set<String> ignoredGroups) {
        List<InsufficientResource> out = new ArrayList<>(2);
        long allowedPods = node.allocatable().allowedPodNumber();
        if (node.pods().size() + 1 > allowedPods) {
            out.add(new InsufficientResource(Resource.PODS, "Too many pods", 1, node.pods().size(), allowedPods, false));
        }
        if (request.milliCpu() == 0 && request.memory() == 0 && request.ephemeralStorage() == 0 && request.scalarResources().isEmpty()) {
            return out;
        }
        Resource alloc = node.allocatable();
        Resource used = node.requested();
        check(out, Resource.CPU, "Insufficient cpu", request.milliCpu(), used.milliCpu(), alloc.milliCpu());
        check(out, Resource.MEMORY, "Insufficient memory", request.memory(), used.memory(), alloc.memory());
        check(out, Resource.EPHEMERAL_STORAGE, "Insufficient ephemeral-storage", request.ephemeralStorage(), used.ephemeralStorage(),
                alloc.ephemeralStorage());
        for (Map.Entry<String, Long> e : request.scalarResources().entrySet()) {
            String name = e.getKey();
            if (e.getValue() == 0) continue;
            if (isExtended(name) && (ignored.contains(name) || ignoredGroups.contains(group(name)))) continue;
            check(out, name, "Insufficient " + name, e.getValue(), used.get(name), alloc.get(name));
        }
        return out;
    }

    private static void check(List<InsufficientResource> out, String name, String reason, long req, long used, long capacity) {
        if (req > 0 && req > capacity - used) out.add(new InsufficientResource(name, reason, req, used, capacity, req > capacity));
    }

    /** An extended resource: a domain-prefixed name outside kubernetes.io, not hugepages. */
    static boolean isExtended(String name) {
        return name.contains("/") && !name.startsWith("kubernetes.io/") && !name.startsWith("requests.");
    }

    private static String group(String name) {
        int i = name.indexOf('/');
        return i < 0 ? "" : name.substring(0, i);
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        state.write(PRE_SCORE_KEY, new PreScoreState(scorer.podRequests(state.podInfo(pod))));
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        return scorer.score(nodeInfo, state.read(PRE_SCORE_KEY, PreScoreState.class).podRequests());
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(
                new ClusterEvent(ClusterEvent.Resource.Pod, ClusterEvent.ActionType.DELETE | ClusterEvent.ActionType.UPDATE_POD_SCALE_DOWN),
                new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE_NODE_ALLOCATABLE
                        | ClusterEvent.ActionType.UPDATE_NODE_TAINT | ClusterEvent.ActionType.UPDATE_NODE_LABEL));
    }
}
