package io.j8s.scheduler.plugins.interpodaffinity;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.AffinityTerm;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PreFilterExtensions;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.List;
import java.util.Map;

/**
 * Pod affinity and anti-affinity by topology key. Filter: the pod's required affinity terms
 * must find matching pods in the node's domain (or, for the first of a group that selects
 * itself, nowhere); its required anti-affinity terms must find none there; and no existing pod's
 * required anti-affinity may reject it there. Score: the preferred terms, both ways, weighted.
 */
public final class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = "InterPodAffinity";
    public static final String ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
    public static final String ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
    public static final String ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    static final String PRE_SCORE_KEY = "PreScore" + NAME;

    final Handle handle;
    final int hardPodAffinityWeight;
    final boolean ignorePreferredTermsOfExistingPods;
    private final Scoring scoring;

    InterPodAffinity(Handle handle, int hardPodAffinityWeight, boolean ignorePreferredTermsOfExistingPods) {
        this.handle = handle;
        this.hardPodAffinityWeight = hardPodAffinityWeight;
        this.ignorePreferredTermsOfExistingPods = ignorePreferredTermsOfExistingPods;
        this.scoring = new Scoring(this);
    }

    /** Args: hardPodAffinityWeight (0–100, default 1), ignorePreferredTermsOfExistingPods (default false). */
    public static Plugin factory(JsonNode args, Handle handle) {
        int weight = args.path("hardPodAffinityWeight").asInt(1);
        if (weight < 0 || weight > 100) throw new IllegalArgumentException("hardPodAffinityWeight must be in [0, 100], not " + weight);
        return new InterPodAffinity(handle, weight, args.path("ignorePreferredTermsOfExistingPods").asBoolean(false));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** What PreFilter computes: the three count maps of upstream's preFilterState. */
    static final class PreFilterState implements CycleState.StateData {
        final PodInfo podInfo;
        final Map<String, String> namespaceLabels;
        TopologyCounts existingAntiAffinityCounts = new TopologyCounts();
        TopologyCounts affinityCounts = new TopologyCounts();
        TopologyCounts antiAffinityCounts = new TopologyCounts();

        PreFilterState(PodInfo podInfo, Map<String, String> namespaceLabels) {
            this.podInfo = podInfo;
            this.namespaceLabels = namespaceLabels;
        }

        @Override
        public CycleState.StateData copy() {
            PreFilterState s = new PreFilterState(podInfo, namespaceLabels);
            s.existingAntiAffinityCounts = existingAntiAffinityCounts.copy();
            s.affinityCounts = affinityCounts.copy();
            s.antiAffinityCounts = antiAffinityCounts.copy();
            return s;
        }

        void updateWithPod(PodInfo existing, Node node, long delta, Map<String, String> existingNsLabels) {
            existingAntiAffinityCounts.updateWithAntiAffinityTerms(existing.requiredAntiAffinityTerms(), podInfo.pod(), namespaceLabels, node, delta);
            affinityCounts.updateWithAffinityTerms(podInfo.requiredAffinityTerms(), existing.pod(), existingNsLabels, node, delta);
            antiAffinityCounts.updateWithAntiAffinityTerms(podInfo.requiredAntiAffinityTerms(), existing.pod(), existingNsLabels, node, delta);
        }
    }

    @Override
    public Result preFilter(CycleState state, Pod pod) {
        PodInfo podInfo = state.podInfo(pod);
        List<NodeInfo> withAnti = handle.snapshot().havePodsWithRequiredAntiAffinityList();
        if (podInfo.requiredAffinityTerms().isEmpty() && podInfo.requiredAntiAffinityTerms().isEmpty() && withAnti.isEmpty()) {
            return Result.SKIP;
        }
        PreFilterState s = new PreFilterState(podInfo, handle.lister().namespaceLabels(pod.getMetadata().getNamespace()));
        // Existing pods whose required anti-affinity selects the incoming pod.
        for (NodeInfo n : withAnti) {
            if (n.node() == null) continue;
            for (PodInfo existing : n.podsWithRequiredAntiAffinity()) {
                s.existingAntiAffinityCounts.updateWithAntiAffinityTerms(existing.requiredAntiAffinityTerms(), pod, s.namespaceLabels, n.node(), 1);
            }
        }
        // The incoming pod's required terms against every pod, in parallel over nodes.
        if (!podInfo.requiredAffinityTerms().isEmpty() || !podInfo.requiredAntiAffinityTerms().isEmpty()) {
            List<NodeInfo> all = handle.snapshot().list();
            TopologyCounts[] aff = new TopologyCounts[all.size()];
            TopologyCounts[] anti = new TopologyCounts[all.size()];
            handle.parallelizer().until(all.size(), i -> {
                NodeInfo n = all.get(i);
                if (n.node() == null || n.pods().isEmpty()) return;
                TopologyCounts a = new TopologyCounts(), b = new TopologyCounts();
                for (PodInfo existing : n.pods()) {
                    Map<String, String> ns = handle.lister().namespaceLabels(existing.pod().getMetadata().getNamespace());
                    a.updateWithAffinityTerms(podInfo.requiredAffinityTerms(), existing.pod(), ns, n.node(), 1);
                    b.updateWithAntiAffinityTerms(podInfo.requiredAntiAffinityTerms(), existing.pod(), ns, n.node(), 1);
                }
                if (!a.isEmpty()) aff[i] = a;
                if (!b.isEmpty()) anti[i] = b;
            });
            for (int i = 0; i < all.size(); i++) {
                if (aff[i] != null) s.affinityCounts.merge(aff[i]);
                if (anti[i] != null) s.antiAffinityCounts.merge(anti[i]);
            }
        }
        state.write(PRE_FILTER_KEY, s);
        return Result.OK;
    }

    @Override
    public PreFilterExtensions preFilterExtensions() {
        return new PreFilterExtensions() {
            @Override
            public Status addPod(CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) {
                PreFilterState s = state.read(PRE_FILTER_KEY, PreFilterState.class);
                s.updateWithPod(podToAdd, nodeInfo.node(), 1, handle.lister().namespaceLabels(podToAdd.pod().getMetadata().getNamespace()));
                return Status.SUCCESS;
            }

            @Override
            public Status removePod(CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) {
                PreFilterState s = state.read(PRE_FILTER_KEY, PreFilterState.class);
                s.updateWithPod(podToRemove, nodeInfo.node(), -1, handle.lister().namespaceLabels(podToRemove.pod().getMetadata().getNamespace()));
                return Status.SUCCESS;
            }
        };
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        PreFilterState s = state.read(PRE_FILTER_KEY, PreFilterState.class);
        Map<String, String> labels = nodeInfo.node().getMetadata().getLabels() == null ? Map.of() : nodeInfo.node().getMetadata().getLabels();
        if (!satisfyPodAffinity(s, labels)) return Status.unresolvable(ERR_REASON_AFFINITY);
        if (!satisfyPodAntiAffinity(s, labels)) return Status.unschedulable(ERR_REASON_ANTI_AFFINITY);
        if (!satisfyExistingPodsAntiAffinity(s, labels)) return Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
        return Status.SUCCESS;
    }

    static boolean satisfyPodAffinity(PreFilterState s, Map<String, String> labels) {
        boolean podsExist = true;
        for (AffinityTerm t : s.podInfo.requiredAffinityTerms()) {
            String v = labels.get(t.topologyKey());
            if (v == null) return false; // every topology label must exist on the node
            if (s.affinityCounts.get(new TopologyPair(t.topologyKey(), v)) <= 0) podsExist = false;
        }
        if (podsExist) return true;
        // The first pod of a group with affinity to itself: no pod anywhere matches, but it
        // matches its own terms, so it may go where the topology labels are.
        if (s.affinityCounts.isEmpty()) {
            for (AffinityTerm t : s.podInfo.requiredAffinityTerms()) {
                if (!t.matches(s.podInfo.pod(), s.namespaceLabels)) return false;
            }
            return true;
        }
        return false;
    }

    static boolean satisfyPodAntiAffinity(PreFilterState s, Map<String, String> labels) {
        if (s.antiAffinityCounts.isEmpty()) return true;
        for (AffinityTerm t : s.podInfo.requiredAntiAffinityTerms()) {
            String v = labels.get(t.topologyKey());
            if (v != null && s.antiAffinityCounts.get(new TopologyPair(t.topologyKey(), v)) > 0) return false;
        }
        return true;
    }

    static boolean satisfyExistingPodsAntiAffinity(PreFilterState s, Map<String, String> labels) {
        if (s.existingAntiAffinityCounts.isEmpty()) return true;
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (s.existingAntiAffinityCounts.get(new TopologyPair(l.getKey(), l.getValue())) > 0) return false;
        }
        return true;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        return scoring.preScore(state, pod, nodes);
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        return scoring.score(state, nodeInfo);
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, long[] scores) {
        return scoring.normalize(state, scores);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.Pod, ClusterEvent.ActionType.ALL),
                new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE_NODE_LABEL),
                new ClusterEvent(ClusterEvent.Resource.Namespace, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE));
    }
}
