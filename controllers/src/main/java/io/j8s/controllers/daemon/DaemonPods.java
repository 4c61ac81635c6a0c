package io.j8s.controllers.daemon;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.history.Revisions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Upstream's {@code pkg/controller/daemon/util} and the predicates of {@code daemon_controller.go}:
 * which nodes a DaemonSet's pod should run on, the tolerations every daemon pod gets, the pod
 * template with its revision labels, and the node affinity that pins a pod to its node.
 */
final class DaemonPods {

    static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";
    /** The annotation upstream's API server keeps on a DaemonSet (j8s falls back to metadata.generation). */
    static final String TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";
    static final String NO_SCHEDULE = "NoSchedule";
    static final String NO_EXECUTE = "NoExecute";

    private DaemonPods() {}

    /** Upstream's {@code AddOrUpdateDaemonPodTolerations}: what every daemon pod tolerates. */
    static List<Toleration> daemonTolerations(PodSpec spec) {
        List<Toleration> add = new ArrayList<>(List.of(
                exists("node.kubernetes.io/not-ready", NO_EXECUTE),
                exists("node.kubernetes.io/unreachable", NO_EXECUTE),
                exists("node.kubernetes.io/disk-pressure", NO_SCHEDULE),
                exists("node.kubernetes.io/memory-pressure", NO_SCHEDULE),
                exists("node.kubernetes.io/pid-pressure", NO_SCHEDULE),
                exists("node.kubernetes.io/unschedulable", NO_SCHEDULE)));
        if (Boolean.TRUE.equals(spec.getHostNetwork())) add.add(exists("node.kubernetes.io/network-unavailable", NO_SCHEDULE));
        return add;
    }

    private static Toleration exists(String key, String effect) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
    }

    /**
     * Adds the daemon tolerations to {@code spec} (upstream's {@code AddOrUpdateTolerationInPodSpec}):
     * one with the same key, operator, value and effect is replaced (so loses its tolerationSeconds).
     */
    static void addDaemonTolerations(PodSpec spec) {
        List<Toleration> tolerations = new ArrayList<>(spec.getTolerations() == null ? List.of() : spec.getTolerations());
        for (Toleration t : daemonTolerations(spec)) {
            boolean replaced = false;
            for (int i = 0; i < tolerations.size(); i++) {
                Toleration o = tolerations.get(i);
                if (Objects.equals(o.getKey(), t.getKey()) && Objects.equals(o.getOperator(), t.getOperator())
                        && Objects.equals(Objects.requireNonNullElse(o.getValue(), ""), "") && Objects.equals(o.getEffect(), t.getEffect())) {
                    tolerations.set(i, t);
                    replaced = true;
                }
            }
            if (!replaced) tolerations.add(t);
        }
        spec.setTolerations(tolerations);
    }

    /** The template generation: the annotation upstream's API server keeps, else metadata.generation. */
    static Long templateGeneration(DaemonSet ds) {
        Map<String, String> a = ds.getMetadata().getAnnotations();
        if (a != null && a.containsKey(TEMPLATE_GENERATION_ANNOTATION)) {
            try {
                return Long.parseLong(a.get(TEMPLATE_GENERATION_ANNOTATION));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ds.getMetadata().getGeneration();
    }

    /** Upstream's {@code CreatePodTemplate}: the template with the daemon tolerations and the revision labels. */
    static PodTemplateSpec podTemplate(DaemonSet ds, String hash) {
        PodTemplateSpec t = Copies.deepCopy(ds.getSpec().getTemplate());
        if (t.getSpec() == null) t.setSpec(new PodSpec());
        addDaemonTolerations(t.getSpec());
        if (t.getMetadata() == null) t.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        Map<String, String> labels = new HashMap<>(t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels());
        Long generation = templateGeneration(ds);
        if (generation != null) labels.put(TEMPLATE_GENERATION_LABEL, Long.toString(generation));
        if (hash != null && !hash.isEmpty()) labels.put(Revisions.HASH_LABEL, hash);
        t.getMetadata().setLabels(labels);
        return t;
    }

    /** The template of the pod for {@code nodeName}: upstream's {@code ReplaceDaemonSetPodNodeNameNodeAffinity} on a copy. */
    static PodTemplateSpec forNode(PodTemplateSpec template, String nodeName) {
        PodTemplateSpec t = Copies.deepCopy(template);
        t.getSpec().setAffinity(replaceNodeNameAffinity(t.getSpec().getAffinity(), nodeName));
        return t;
    }

    /**
     * Upstream's {@code ReplaceDaemonSetPodNodeNameNodeAffinity}: the required node affinity becomes
     * the one term {@code metadata.name In [node]} (the other terms already matched that node), so
     * the scheduler binds the pod there and nowhere else.
     */
    static Affinity replaceNodeNameAffinity(Affinity affinity, String nodeName) {
        NodeSelectorRequirement req = new NodeSelectorRequirementBuilder().withKey("metadata.name").withOperator("In")
                .withValues(nodeName).build();
        NodeSelectorTerm term = new NodeSelectorTermBuilder().withMatchFields(req).build();
        Affinity a = affinity == null ? new Affinity() : affinity;
        if (a.getNodeAffinity() == null) a.setNodeAffinity(new NodeAffinity());
        NodeAffinity na = a.getNodeAffinity();
        if (na.getRequiredDuringSchedulingIgnoredDuringExecution() == null) na.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector());
        na.getRequiredDuringSchedulingIgnoredDuringExecution().setNodeSelectorTerms(new ArrayList<>(List.of(term)));
        return a;
    }

    /** Upstream's {@code GetTargetNodeName}: the node a pod is bound to, else the one its node-name affinity names; null if neither. */
    static String targetNodeName(Pod pod) {
        String bound = Pods.nodeName(pod);
        if (bound != null && !bound.isEmpty()) return bound;
        var spec = pod.getSpec();
        if (spec == null || spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) return null;
        NodeSelector required = spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null || required.getNodeSelectorTerms() == null) return null;
        for (NodeSelectorTerm t : required.getNodeSelectorTerms()) {
            if (t.getMatchFields() == null) continue;
            for (NodeSelectorRequirement r : t.getMatchFields()) {
                if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null && r.getValues().size() == 1) {
                    return r.getValues().getFirst();
                }
            }
        }
        return null;
    }

    /** Upstream's {@code IsPodUpdated}: the pod carries the current hash, or the current template generation. */
    static boolean isUpdated(Pod pod, String hash, Long generation) {
        Map<String, String> labels = Pods.labels(pod);
        boolean generationMatches = generation != null && Long.toString(generation).equals(labels.get(TEMPLATE_GENERATION_LABEL));
        boolean hashMatches = hash != null && !hash.isEmpty() && hash.equals(labels.get(Revisions.HASH_LABEL));
        return hashMatches || generationMatches;
    }

    /** Upstream's {@code podByCreationTimestampAndPhase}: pods bound to a node first, then the oldest, then by name. */
    static final Comparator<Pod> BY_CREATION_AND_PHASE = Comparator
            .comparing((Pod p) -> Pods.nodeName(p) == null || Pods.nodeName(p).isEmpty())
            .thenComparing(p -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(p -> p.getMetadata().getName());

    // ---- the predicates ----

    /** Whether the DaemonSet's pod should be started on a node, and whether one there may keep running. */
    record ShouldRun(boolean run, boolean continueRunning) {}

    /** Upstream's {@code NodeShouldRunDaemonPod}. */
    static ShouldRun nodeShouldRunDaemonPod(Node node, DaemonSet ds) {
        PodSpec spec = Copies.deepCopy(ds.getSpec().getTemplate().getSpec());
        if (spec == null) spec = new PodSpec();
        String pinned = spec.getNodeName();
        if (pinned != null && !pinned.isEmpty() && !pinned.equals(node.getMetadata().getName())) return new ShouldRun(false, false);
        addDaemonTolerations(spec);
        if (!matchesNodeSelectorAndAffinity(spec, node)) return new ShouldRun(false, false);
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Toleration> tolerations = spec.getTolerations();
        boolean fitsTaints = untolerated(taints, tolerations, t -> NO_SCHEDULE.equals(t.getEffect()) || NO_EXECUTE.equals(t.getEffect())) == null;
        if (!fitsTaints) {
            // Scheduled daemon pods keep running unless a NoExecute taint is not tolerated.
            return new ShouldRun(false, untolerated(taints, tolerations, t -> NO_EXECUTE.equals(t.getEffect())) == null);
        }
        return new ShouldRun(true, true);
    }

    /** spec.nodeSelector (every entry) and the required node affinity (any term): upstream's {@code RequiredNodeAffinity}. */
    static boolean matchesNodeSelectorAndAffinity(PodSpec spec, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (spec.getNodeSelector() != null) {
            for (Map.Entry<String, String> e : spec.getNodeSelector().entrySet()) {
                if (!Objects.equals(e.getValue(), labels.get(e.getKey()))) return false;
            }
        }
        if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) return true;
        NodeSelector required = spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null) return true;
        if (required.getNodeSelectorTerms() == null) return false;
        for (NodeSelectorTerm t : required.getNodeSelectorTerms()) {
            if (termMatches(t, node, labels)) return true;
        }
        return false;
    }

    /** A term's requirements ANDed; a term with none matches nothing; matchFields knows metadata.name only. */
    private static boolean termMatches(NodeSelectorTerm term, Node node, Map<String, String> labels) {
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (exprs.isEmpty() && fields.isEmpty()) return false;
        for (NodeSelectorRequirement r : exprs) {
            if (!requirement(r, labels.get(r.getKey()))) return false;
        }
        for (NodeSelectorRequirement r : fields) {
            if (!"metadata.name".equals(r.getKey()) || !requirement(r, node.getMetadata().getName())) return false;
        }
        return true;
    }

    private static boolean requirement(NodeSelectorRequirement r, String value) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (Objects.requireNonNullElse(r.getOperator(), "")) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> {
                if (value == null || values.size() != 1) yield false;
                try {
                    long have = Long.parseLong(value);
                    long want = Long.parseLong(values.getFirst());
                    yield r.getOperator().equals("Gt") ? have > want : have < want;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    /** Upstream's {@code FindMatchingUntoleratedTaint}: the first taint in scope no toleration tolerates, or null. */
    static Taint untolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> inScope) {
        for (Taint taint : taints) {
            if (!inScope.test(taint)) continue;
            boolean tolerated = tolerations != null && tolerations.stream().anyMatch(t -> tolerates(t, taint));
            if (!tolerated) return taint;
        }
        return null;
    }

    /** Upstream's {@code Toleration.ToleratesTaint}. */
    static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) return false;
        if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) return false;
        return switch (Objects.requireNonNullElse(t.getOperator(), "")) {
            case "", "Equal" -> Objects.requireNonNullElse(t.getValue(), "").equals(Objects.requireNonNullElse(taint.getValue(), ""));
            case "Exists" -> true;
            default -> false;
        };
    }
}
