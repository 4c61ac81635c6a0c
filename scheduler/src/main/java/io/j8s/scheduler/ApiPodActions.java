package io.j8s.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.j8s.scheduler.framework.PodActions;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.framework.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scheduler's writes to pods, through the API: bind, the PodScheduled condition, preemption. */
final class ApiPodActions implements PodActions {

    private static final Logger log = LoggerFactory.getLogger(ApiPodActions.class);
    static final String STRATEGIC = "application/strategic-merge-patch+json";
    static final String MERGE = "application/merge-patch+json";

    private final Api api;
    private final Clock clock;

    ApiPodActions(Api api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    @Override
    public Status bind(Pod pod, String nodeName) {
        ObjectNode binding = Api.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Binding");
        binding.putObject("metadata").put("name", pod.getMetadata().getName()).put("namespace", pod.getMetadata().getNamespace())
                .put("uid", pod.getMetadata().getUid());
        binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", nodeName);
        Api.Response r = api.post(Api.podPath(pod.getMetadata().getNamespace(), pod.getMetadata().getName()) + "/binding", binding).join();
        return r.ok() ? Status.SUCCESS : Status.error(r.message());
    }

    @Override
    public Status preempt(Pod victim, Pod preemptor) {
        String path = Api.podPath(victim.getMetadata().getNamespace(), victim.getMetadata().getName());
        ObjectNode patch = Api.JSON.createObjectNode();
        ObjectNode condition = patch.putObject("status").putArray("conditions").addObject();
        condition.put("type", "DisruptionTarget").put("status", "True").put("reason", "PreemptionByScheduler")
                .put("message", Pods.schedulerName(preemptor) + ": preempting to accommodate a higher priority pod")
                .put("lastTransitionTime", timestamp(clock.instant()));
        Api.Response r = api.patch(path + "/status", STRATEGIC, patch).join();
        if (r.notFound()) return Status.SUCCESS;
        if (!r.ok()) return Status.error("adding the DisruptionTarget condition to " + Pods.key(victim) + ": " + r.message());
        ObjectNode options = Api.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "DeleteOptions");
        options.putObject("preconditions").put("uid", victim.getMetadata().getUid());
        r = api.delete(path, options).join();
        if (!r.ok() && !r.notFound()) return Status.error("deleting " + Pods.key(victim) + ": " + r.message());
        return Status.SUCCESS;
    }

    @Override
    public void clearNominatedNodeName(Pod pod) {
        ObjectNode patch = Api.JSON.createObjectNode();
        patch.putObject("status").putNull("nominatedNodeName");
        api.patch(Api.podPath(pod.getMetadata().getNamespace(), pod.getMetadata().getName()) + "/status", MERGE, patch)
                .thenAccept(r -> {
                    if (!r.ok() && !r.notFound()) log.warn("Cannot clear 'NominatedNodeName' field of pod {}: {}", Pods.key(pod), r.message());
                });
    }

    /**
     * Upstream's updatePod: sets the PodScheduled condition (and nominatedNodeName, when
     * {@code nominated} is not null) with one status patch, unless nothing would change.
     */
    CompletableFuture<Void> updatePodScheduledCondition(Pod pod, String status, String reason, String message, String nominated) {
        PodCondition old = null;
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(c.getType())) old = c;
            }
        }
        boolean conditionSame = old != null && Objects.equals(old.getStatus(), status) && Objects.equals(old.getReason(), reason)
                && Objects.equals(old.getMessage(), message);
        boolean nominatedChanges = nominated != null && !nominated.equals(Pods.nominatedNodeName(pod));
        if (conditionSame && !nominatedChanges) return CompletableFuture.completedFuture(null);
        ObjectNode patch = Api.JSON.createObjectNode();
        ObjectNode st = patch.putObject("status");
        if (!conditionSame) {
            String transition = old != null && Objects.equals(old.getStatus(), status) && old.getLastTransitionTime() != null
                    ? old.getLastTransitionTime() : timestamp(clock.instant());
            st.putArray("conditions").addObject().put("type", "PodScheduled").put("status", status).put("reason", reason)
                    .put("message", message).putNull("lastProbeTime").put("lastTransitionTime", transition);
        }
        if (nominatedChanges) {
            if (nominated.isEmpty()) st.putNull("nominatedNodeName");
            else st.put("nominatedNodeName", nominated);
        }
        return api.patch(Api.podPath(pod.getMetadata().getNamespace(), pod.getMetadata().getName()) + "/status", STRATEGIC, patch)
                .thenAccept(r -> {
                    if (!r.ok() && !r.notFound()) log.warn("Error updating pod {}: {}", Pods.key(pod), r.message());
                });
    }

    static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
