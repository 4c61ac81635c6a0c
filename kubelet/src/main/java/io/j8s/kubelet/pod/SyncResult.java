package io.j8s.kubelet.pod;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What one sync of a pod left to report and to do (upstream's {@code PodSyncResult}): why a
 * container is waiting, when to look again (a back-off ending, a missing ConfigMap to retry), and
 * whether the pod's init containers failed for good.
 */
public record SyncResult(Map<String, Waiting> waiting, Optional<Duration> requeueAfter, boolean initFailed) {

    /** A container's waiting reason and message: CrashLoopBackOff, CreateContainerConfigError, … */
    public record Waiting(String reason, String message) {}

    public SyncResult {
        waiting = Map.copyOf(waiting);
    }

    public static SyncResult done() {
        return new SyncResult(Map.of(), Optional.empty(), false);
    }
}
