package io.j8s.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The taints the node lifecycle controller manages, and upstream's toleration matching. */
final class Taints {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    static final String NO_SCHEDULE = "NoSchedule";
    static final String NO_EXECUTE = "NoExecute";

    /** Upstream's {@code nodeConditionToTaintKeyStatusMap}: condition type → status → NoSchedule taint key. */
    static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
            "Ready", Map.of("False", NOT_READY, "Unknown", UNREACHABLE),
            "MemoryPressure", Map.of("True", "node.kubernetes.io/memory-pressure"),
            "DiskPressure", Map.of("True", "node.kubernetes.io/disk-pressure"),
            "NetworkUnavailable", Map.of("True", "node.kubernetes.io/network-unavailable"),
            "PIDPressure", Map.of("True", "node.kubernetes.io/pid-pressure"));

    static final Set<String> NO_SCHEDULE_KEYS = Set.of(NOT_READY, UNREACHABLE, UNSCHEDULABLE, "node.kubernetes.io/memory-pressure",
            "node.kubernetes.io/disk-pressure", "node.kubernetes.io/network-unavailable", "node.kubernetes.io/pid-pressure");

    private Taints() {}

    static List<Taint> of(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    static boolean has(Node node, String key, String effect) {
        return of(node).stream().anyMatch(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
    }

    static Taint taint(String key, String effect, String timeAdded) {
        return new TaintBuilder().withKey(key).withEffect(effect).withTimeAdded(timeAdded).build();
    }

    /** Upstream's {@code doNoScheduleTaintingPass}: the NoSchedule taints the node's conditions call for. */
    static List<String> wantedNoSchedule(Node node) {
        List<String> keys = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                Map<String, String> byStatus = CONDITION_TAINTS.get(c.getType());
                if (byStatus != null && byStatus.containsKey(c.getStatus())) keys.add(byStatus.get(c.getStatus()));
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) keys.add(UNSCHEDULABLE);
        return keys;
    }

    /** Upstream's {@code ToleratesTaint}. */
    static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) return false;
        if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) return false;
        String op = t.getOperator() == null ? "" : t.getOperator();
        return switch (op) {
            case "Exists" -> true;
            case "", "Equal" -> Objects.equals(Objects.requireNonNullElse(t.getValue(), ""), Objects.requireNonNullElse(taint.getValue(), ""));
            default -> false;
        };
    }

    /**
     * Upstream's {@code getMinTolerationTime} over {@code getMatchingTolerations}: how long a pod may
     * stay on a node with {@code taints} (NoExecute). Null: for ever; zero: not at all (a taint it
     * does not tolerate, or a toleration of zero or fewer seconds).
     */
    static java.time.Duration minTolerationTime(List<Taint> taints, List<Toleration> tolerations) {
        List<Toleration> matching = new ArrayList<>();
        for (Taint taint : taints) {
            boolean tolerated = false;
            for (Toleration t : tolerations) {
                if (tolerates(t, taint)) {
                    tolerated = true;
                    matching.add(t);
                }
            }
            if (!tolerated) return java.time.Duration.ZERO;
        }
        Long min = null;
        for (Toleration t : matching) {
            if (t.getTolerationSeconds() == null) continue;
            long s = Math.max(0, t.getTolerationSeconds());
            min = min == null ? s : Math.min(min, s);
        }
        return min == null ? null : java.time.Duration.ofSeconds(min);
    }
}
