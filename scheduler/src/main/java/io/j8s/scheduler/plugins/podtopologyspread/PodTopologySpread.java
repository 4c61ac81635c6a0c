package io.j8s.scheduler.plugins.podtopologyspread;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import io.j8s.scheduler.framework.Selector;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PodTopologySpread. Filter (DoNotSchedule constraints): placing the pod must not make the count
 * of matching pods in the node's domain exceed the smallest domain's by more than maxSkew.
 * Score (ScheduleAnyway constraints, or the cluster defaults when the pod has none: maxSkew 3
 * by hostname and 5 by zone, selecting the pod's services and owner): fewer matching pods in the
 * node's domains is better.
 */
public final class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = "PodTopologySpread";
    public static final String ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
    public static final String ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";
    static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    static final String PRE_SCORE_KEY = "PreScore" + NAME;

    /** Upstream's systemDefaultConstraints. */
    static final List<TopologySpreadConstraint> SYSTEM_DEFAULT_CONSTRAINTS = List.of(
            new TopologySpreadConstraintBuilder().withTopologyKey("kubernetes.io/hostname").withWhenUnsatisfiable("ScheduleAnyway").withMaxSkew(3).build(),
            new TopologySpreadConstraintBuilder().withTopologyKey("topology.kubernetes.io/zone").withWhenUnsatisfiable("ScheduleAnyway").withMaxSkew(5).build());

    final Handle handle;
    final List<TopologySpreadConstraint> defaultConstraints;
    final boolean systemDefaulted;
    private final Filtering filtering;
    private final Scoring scoring;

    PodTopologySpread(Handle handle, List<TopologySpreadConstraint> defaultConstraints, boolean systemDefaulted) {
        this.handle = handle;
        this.defaultConstraints = List.copyOf(defaultConstraints);
        this.systemDefaulted = systemDefaulted;
        this.filtering = new Filtering(this);
        this.scoring = new Scoring(this);
    }

    /** Args (PodTopologySpreadArgs): defaultingType System (default) or List, with defaultConstraints for List. */
    public static Plugin factory(JsonNode args, Handle handle) {
        String type = args.path("defaultingType").asText("System");
        List<TopologySpreadConstraint> defaults = new ArrayList<>();
        for (JsonNode c : args.path("defaultConstraints")) {
            if (c.has("labelSelector")) throw new IllegalArgumentException("defaultConstraints[].labelSelector: must not be set (the pod's owners select)");
            defaults.add(new com.fasterxml.jackson.databind.ObjectMapper().convertValue(c, TopologySpreadConstraint.class));
        }
        return switch (type) {
            case "System" -> {
                if (!defaults.isEmpty()) throw new IllegalArgumentException("defaultConstraints must be empty for defaultingType System");
                yield new PodTopologySpread(handle, SYSTEM_DEFAULT_CONSTRAINTS, true);
            }
            case "List" -> new PodTopologySpread(handle, defaults, false);
            default -> throw new IllegalArgumentException("defaultingType: unsupported value \"" + type + "\" (System, List)");
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The pod's constraints with {@code whenUnsatisfiable}; when the pod has none at all, the
     * defaults, selecting what the pod's services and controller select (none without them).
     */
    List<Constraint> constraints(Pod pod, String whenUnsatisfiable) {
        List<TopologySpreadConstraint> own = pod.getSpec().getTopologySpreadConstraints();
        if (own != null && !own.isEmpty()) return Constraint.of(pod, own, whenUnsatisfiable);
        if (defaultConstraints.isEmpty()) return List.of();
        Selector sel = defaultSelector(pod);
        if (sel.isEverything()) return List.of();
        List<Constraint> out = new ArrayList<>();
        for (Constraint c : Constraint.of(pod, defaultConstraints, whenUnsatisfiable)) {
            out.add(new Constraint(c.maxSkew(), c.topologyKey(), sel, c.minDomains(), c.honorNodeAffinity(), c.honorTaints()));
        }
        return out;
    }

    /** Upstream's helper.DefaultSelector: the services selecting the pod, and its ReplicaSet, StatefulSet or ReplicationController. */
    Selector defaultSelector(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        Map<String, String> set = new HashMap<>();
        for (Service s : handle.lister().services(ns)) {
            Map<String, String> sel = s.getSpec() == null ? null : s.getSpec().getSelector();
            if (sel != null && !sel.isEmpty() && Selector.ofMap(sel).matches(labels)) set.putAll(sel);
        }
        Selector selector = Selector.ofMap(set);
        OwnerReference owner = null;
        if (pod.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference o : pod.getMetadata().getOwnerReferences()) {
                if (Boolean.TRUE.equals(o.getController())) owner = o;
            }
        }
        if (owner == null) return selector;
        LabelSelector other = null;
        switch (owner.getApiVersion() + "/" + owner.getKind()) {
            case "v1/ReplicationController" -> {
                ReplicationController rc = handle.lister().replicationController(ns, owner.getName());
                if (rc != null && rc.getSpec() != null && rc.getSpec().getSelector() != null) {
                    set.putAll(rc.getSpec().getSelector());
                    selector = Selector.ofMap(set);
                }
            }
            case "apps/v1/ReplicaSet" -> {
                ReplicaSet rs = handle.lister().replicaSet(ns, owner.getName());
                if (rs != null && rs.getSpec() != null) other = rs.getSpec().getSelector();
            }
            case "apps/v1/StatefulSet" -> {
                StatefulSet ss = handle.lister().statefulSet(ns, owner.getName());
                if (ss != null && ss.getSpec() != null) other = ss.getSpec().getSelector();
            }
            default -> { }
        }
        if (other != null) {
            Selector o = Selector.of(other);
            if (!o.isNothing()) selector = selector.and(o.requirements());
        }
        return selector;
    }

    @Override
    public Result preFilter(CycleState state, Pod pod) {
        return filtering.preFilter(state, pod);
    }

    @Override
    public PreFilterExtensions preFilterExtensions() {
        return filtering;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        return filtering.filter(state, pod, nodeInfo);
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        return scoring.preScore(state, pod, nodes);
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        return scoring.score(state, pod, nodeInfo);
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, long[] scores) {
        return scoring.normalize(state, scores);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.Pod, ClusterEvent.ActionType.ALL),
                new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.DELETE
                        | ClusterEvent.ActionType.UPDATE_NODE_LABEL | ClusterEvent.ActionType.UPDATE_NODE_TAINT));
    }
}
