package io.j8s.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * CRI {@code RuntimeService}: pod sandboxes and their containers.
 *
 * <p>Lifecycle, as the kubelet drives it: {@link #runPodSandbox} → {@link ImageService#pullImage}
 * → {@link #createContainer} → {@link #startContainer} → … → {@link #stopContainer} →
 * {@link #removeContainer}; and for the pod {@link #stopPodSandbox} → {@link #removePodSandbox}.
 * A container that exits stays {@code CONTAINER_EXITED} (with its exit code, reason and log) until
 * removed, so a restarted container's predecessor can still be read ({@code logs --previous}).
 *
 * <p>Threading: every method is thread-safe and blocking (starting processes, waiting for a
 * stop's grace period). Call it from the pod's worker thread (a virtual thread is fine), never
 * from an event loop. Operations on different sandboxes do not wait for each other.
 *
 * <p>Identity and restarts: ids are opaque strings. State is persisted by runtimes that run real
 * processes, so a new runtime instance on the same data directory lists and controls the
 * sandboxes and containers a previous one made (pods outlive their kubelet).
 *
 * <p>Stop and remove operations are idempotent: an unknown id is not an error.
 */
public interface RuntimeService extends AutoCloseable {

    VersionInfo version();

    /** Runtime and network readiness (and j8s's {@link RuntimeStatus#POD_ISOLATION}). */
    RuntimeStatus status();

    /**
     * Creates and starts a pod sandbox: its namespaces, its network (an IP from the node's
     * podCIDR) and its {@code /etc/hosts}, {@code /etc/hostname}, {@code /etc/resolv.conf}.
     * Ok carries the sandbox id; Failed carries {@link Outcome#FAILED_CREATE_POD_SANDBOX}.
     */
    Outcome<String> runPodSandbox(PodSandboxConfig config);

    /**
     * Stops the sandbox: kills all its containers at once (the kubelet stops them gracefully
     * first) and releases its network (the IP goes back to the pool). The sandbox and its
     * containers are still listed until {@link #removePodSandbox}.
     */
    void stopPodSandbox(String podSandboxId);

    /** Removes a sandbox and all its containers, stopping them first if needed. */
    void removePodSandbox(String podSandboxId);

    Optional<PodSandboxStatus> podSandboxStatus(String podSandboxId);

    List<PodSandbox> listPodSandbox(PodSandboxFilter filter);

    /**
     * Creates a container in a ready sandbox ({@code CONTAINER_CREATED}; nothing runs yet).
     * {@code sandboxConfig} is the config the sandbox was created with (CRI passes it again).
     * Ok carries the container id; Failed carries {@link Outcome#CREATE_CONTAINER_ERROR} or
     * {@link Outcome#NOT_FOUND}.
     */
    Outcome<String> createContainer(String podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig);

    /**
     * Starts a created container. Failed ({@link Outcome#RUN_CONTAINER_ERROR}) when it could not
     * be started (for instance an executable that is not there): the container is then exited
     * with reason {@link ContainerStatus#START_ERROR} and exit code 128.
     */
    Outcome<Void> startContainer(String containerId);

    /**
     * Stops a running container: SIGTERM to its main process, then, after {@code timeout}
     * (zero: at once), SIGKILL to every process left in it. Returns once it has exited.
     * Idempotent.
     */
    void stopContainer(String containerId, Duration timeout);

    /** Removes a container (killing it first if it runs) and its state; keeps its log file. */
    void removeContainer(String containerId);

    Optional<ContainerStatus> containerStatus(String containerId);

    List<Container> listContainers(ContainerFilter filter);

    /**
     * Runs {@code cmd} in the running container and collects its output (probes, preStop
     * hooks). After {@code timeout} the command is killed and the result says {@code timedOut}.
     * Failed ({@link Outcome#CONTAINER_NOT_RUNNING}, {@link Outcome#NOT_FOUND}) when there is
     * nothing to exec into.
     */
    Outcome<ExecResult> execSync(String containerId, List<String> cmd, Duration timeout);

    /** Starts a streaming exec in the running container ({@code kubectl exec}). */
    Outcome<ExecSession> exec(String containerId, ExecRequest request);

    /**
     * Attaches to the running container's main process ({@code kubectl attach}): its output from
     * now on, and its stdin when the container was created with {@code stdin}.
     */
    Outcome<ExecSession> attach(String containerId, boolean stdin);

    /** Reopens the container's log file (after the kubelet rotated it). */
    void reopenContainerLog(String containerId);

    /**
     * Releases the runtime's own resources (threads, open files). Sandboxes and containers keep
     * running: stop them first when that is what is wanted.
     */
    @Override
    void close();
}
