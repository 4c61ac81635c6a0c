package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A pod in the scheduling queue, with what the queue remembers of its attempts. Owned by the
 * queue and the one scheduling cycle that popped it; not shared between threads otherwise.
 */
public final class QueuedPodInfo {

    private PodInfo podInfo;
    private Instant timestamp;
    private int attempts;
    private Instant initialAttemptTimestamp;
    private final Set<String> unschedulablePlugins = new HashSet<>();
    private final Set<String> pendingPlugins = new HashSet<>();
    private boolean gated;

    public QueuedPodInfo(PodInfo podInfo, Instant timestamp) {
        this.podInfo = podInfo;
        this.timestamp = timestamp;
    }

    public PodInfo podInfo() {
        return podInfo;
    }

    public Pod pod() {
        return podInfo.pod();
    }

    public void setPodInfo(PodInfo podInfo) {
        this.podInfo = podInfo;
    }

    /** When the pod was last added to (or moved within) the queue: the tie-breaker after priority. */
    public Instant timestamp() {
        return timestamp;
    }

    public void setTimestamp(Instant t) {
        this.timestamp = t;
    }

    /** Scheduling cycles the pod went through; the backoff doubles with each. */
    public int attempts() {
        return attempts;
    }

    public void incrementAttempts() {
        attempts++;
    }

    /** When the pod was first popped for scheduling: the start of its end-to-end latency. */
    public Instant initialAttemptTimestamp() {
        return initialAttemptTimestamp;
    }

    public void setInitialAttemptTimestamp(Instant t) {
        this.initialAttemptTimestamp = t;
    }

    /** The plugins that turned the pod away in its last attempt: only their events move it back. */
    public Set<String> unschedulablePlugins() {
        return unschedulablePlugins;
    }

    public Set<String> pendingPlugins() {
        return pendingPlugins;
    }

    /** Held back by a PreEnqueue plugin (scheduling gates). */
    public boolean gated() {
        return gated;
    }

    public void setGated(boolean gated) {
        this.gated = gated;
    }

    @Override
    public String toString() {
        return Pods.key(pod()) + "(attempts=" + attempts + ")";
    }
}
