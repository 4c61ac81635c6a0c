package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.PodSandboxStatus;
import io.j8s.runtime.SandboxState;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a pod on this node (upstream's {@code SyncTerminatingPod} and
 * {@code SyncTerminatedPod}): kill its containers gracefully, stop its sandbox (its IP goes back),
 * and once the pod is gone from the API, remove its containers, sandboxes and volumes.
 */
public final class PodTermination {

    private static final Logger log = LoggerFactory.getLogger(PodTermination.class);

    private final ContainerRuntime runtime;
    private final ContainerLifecycle containers;
    private final VolumeManager volumes;

    public PodTermination(ContainerRuntime runtime, PodSync sync, VolumeManager volumes) {
        this.runtime = runtime;
        this.containers = sync.containers();
        this.volumes = volumes;
    }

    /** Kills every running container with {@code grace} (preStop first) and stops the sandboxes. */
    public void terminate(Pod pod, RuntimePod current, Duration grace) {
        containers.killAll(pod, current.running(), grace);
        for (PodSandboxStatus sb : current.sandboxes()) {
            if (sb.state() == SandboxState.SANDBOX_READY) runtime.stopPodSandbox(sb.id());
        }
    }

    /** Removes what is left of the pod with {@code uid}: containers, sandboxes, volumes. */
    public void cleanup(String uid, RuntimePod current) {
        for (ContainerStatus c : current.containers()) runtime.removeContainer(c.id());
        for (PodSandboxStatus sb : current.sandboxes()) runtime.removePodSandbox(sb.id());
        volumes.tearDown(uid);
        log.info("Removed the containers, sandboxes and volumes of pod {}", uid);
    }
}
