package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's {@code TriggerTimeTracker}: the time of the change that made an Endpoints or
 * EndpointSlice sync necessary, for {@code endpoints.kubernetes.io/last-change-trigger-time}.
 * A pod's trigger time is its Ready condition's last transition, a
 * Service's its creation; a sync's is the earliest of those that moved since the last sync of
 * that Service, or the Service's creation when it is seen for the first time; null when none
 * moved.
 *
 * <p>A sync {@link #compute computes} its trigger time, writes, and only then {@link #observed
 * records} the times it saw: a sync whose write failed (a conflict against a stale cache) is
 * retried with the same trigger time instead of none, so the annotation is not lost.
 */
public final class TriggerTimeTracker {

    private record State(Instant service, Map<String, Instant> pods) {}

    /** A computed trigger time ({@code time}, null when nothing moved), and what to record once the sync wrote it. */
    public record Trigger(Instant time, String serviceKey, State seen) {}

    private final Map<String, State> states = new ConcurrentHashMap<>();

    public Trigger compute(String serviceKey, Service svc, List<Pod> pods) {
        State last = states.get(serviceKey);
        Instant min = null;
        Map<String, Instant> podTimes = new HashMap<>();
        for (Pod p : pods) {
            Instant t = podTriggerTime(p);
            if (t == null) continue;
            podTimes.put(p.getMetadata().getName(), t);
            Instant before = last == null ? null : last.pods().get(p.getMetadata().getName());
            if (before == null || t.isAfter(before)) min = earliest(min, t);
        }
        Instant svcTime = Times.parse(svc.getMetadata().getCreationTimestamp());
        if (svcTime != null && (last == null || last.service() == null || svcTime.isAfter(last.service()))) min = earliest(min, svcTime);
        return new Trigger(last == null ? svcTime : min, serviceKey, new State(svcTime, podTimes));
    }

    /** The sync of {@code t} is done (written, or nothing to write): later syncs compare with what it saw. */
    public void observed(Trigger t) {
        states.put(t.serviceKey(), t.seen());
    }

    public void delete(String serviceKey) {
        states.remove(serviceKey);
    }

    static Instant podTriggerTime(Pod pod) {
        PodCondition ready = Pods.condition(pod, "Ready");
        return ready == null ? null : Times.parse(ready.getLastTransitionTime());
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
