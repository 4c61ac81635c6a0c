package io.j8s.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.j8s.api.selector.LabelSelector;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.common.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Upstream's {@code calculateStatus} for a ReplicaSet, and its ReplicaFailure condition. */
final class ReplicaSetStatuses {

    private ReplicaSetStatuses() {}

    static ReplicaSetStatus calculate(ReplicaSet rs, List<Pod> owned, RuntimeException manageError, Instant now) {
        ReplicaSetStatus status = rs.getStatus() == null ? new ReplicaSetStatus() : Copies.deepCopy(rs.getStatus());
        var template = rs.getSpec().getTemplate();
        LabelSelector templateLabels = LabelSelector.fromSet(template == null || template.getMetadata() == null ? null
                : template.getMetadata().getLabels());
        int minReady = Objects.requireNonNullElse(rs.getSpec().getMinReadySeconds(), 0);
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod p : owned) {
            if (templateLabels.matches(p.getMetadata().getLabels())) fullyLabeled++;
            if (Pods.isReady(p)) {
                ready++;
                if (Pods.isAvailable(p, minReady, now)) available++;
            }
        }
        List<ReplicaSetCondition> conditions = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
        boolean hasFailure = conditions.stream().anyMatch(c -> "ReplicaFailure".equals(c.getType()));
        if (manageError != null && !hasFailure) {
            int diff = owned.size() - ReplicaSetController.replicas(rs);
            String reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            conditions.add(new ReplicaSetConditionBuilder().withType("ReplicaFailure").withStatus("True").withReason(reason)
                    .withMessage(String.valueOf(manageError.getMessage())).withLastTransitionTime(Times.format(now)).build());
        } else if (manageError == null && hasFailure) {
            conditions.removeIf(c -> "ReplicaFailure".equals(c.getType()));
        }
        status.setConditions(conditions.isEmpty() ? null : conditions);
        status.setReplicas(owned.size());
        status.setFullyLabeledReplicas(fullyLabeled);
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(available);
        return status;
    }

    /** Whether two statuses agree on what the controller writes (observedGeneration aside). */
    static boolean same(ReplicaSetStatus a, ReplicaSetStatus b) {
        if (a == null) return false;
        return n(a.getReplicas()) == n(b.getReplicas()) && n(a.getFullyLabeledReplicas()) == n(b.getFullyLabeledReplicas())
                && n(a.getReadyReplicas()) == n(b.getReadyReplicas()) && n(a.getAvailableReplicas()) == n(b.getAvailableReplicas())
                && Objects.equals(emptyToNull(a.getConditions()), emptyToNull(b.getConditions()));
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private static <T> List<T> emptyToNull(List<T> l) {
        return l == null || l.isEmpty() ? null : l;
    }
}
