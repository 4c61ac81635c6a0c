package io.j8s.kubelet.pod;

import io.j8s.runtime.ContainerFilter;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.PodSandboxFilter;
import io.j8s.runtime.PodSandboxStatus;
import io.j8s.runtime.RuntimeService;
import io.j8s.runtime.SandboxState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime has of one pod (upstream's {@code kubecontainer.PodStatus}): its sandboxes and
 * every container instance, newest first; exited instances stay until the kubelet removes them.
 */
public record RuntimePod(String uid, List<PodSandboxStatus> sandboxes, List<ContainerStatus> containers) {

    public RuntimePod {
        sandboxes = sandboxes.stream().sorted(Comparator.comparing(PodSandboxStatus::createdAt).reversed()).toList();
        containers = containers.stream().sorted(NEWEST_FIRST).toList();
    }

    /** Newest first: by attempt, then by creation. */
    static final Comparator<ContainerStatus> NEWEST_FIRST = Comparator
            .comparingInt((ContainerStatus c) -> c.metadata().attempt()).reversed()
            .thenComparing(ContainerStatus::createdAt, Comparator.reverseOrder());

    public static RuntimePod empty(String uid) {
        return new RuntimePod(uid, List.of(), List.of());
    }

    /** Reads the pod's sandboxes and containers from the runtime. */
    public static RuntimePod read(RuntimeService runtime, String uid) {
        var selector = Map.of(Labels.POD_UID, uid);
        List<PodSandboxStatus> sandboxes = runtime.listPodSandbox(new PodSandboxFilter(null, null, selector)).stream()
                .map(s -> runtime.podSandboxStatus(s.id())).flatMap(Optional::stream).toList();
        List<ContainerStatus> containers = runtime.listContainers(new ContainerFilter(null, null, null, selector)).stream()
                .map(c -> runtime.containerStatus(c.id())).flatMap(Optional::stream).toList();
        return new RuntimePod(uid, sandboxes, containers);
    }

    /** The newest sandbox, if it is ready. */
    public Optional<PodSandboxStatus> readySandbox() {
        return sandboxes.isEmpty() || sandboxes.getFirst().state() != SandboxState.SANDBOX_READY
                ? Optional.empty() : Optional.of(sandboxes.getFirst());
    }

    /** Every instance of the named container, newest first. */
    public List<ContainerStatus> instances(String name) {
        return containers.stream().filter(c -> c.metadata().name().equals(name)).toList();
    }

    public Optional<ContainerStatus> latest(String name) {
        return containers.stream().filter(c -> c.metadata().name().equals(name)).findFirst();
    }

    /** The instance before the latest one (for lastState and {@code logs --previous}). */
    public Optional<ContainerStatus> previous(String name) {
        return instances(name).stream().skip(1).findFirst();
    }

    public List<ContainerStatus> running() {
        return containers.stream().filter(ContainerStatus::running).toList();
    }

    public boolean isEmpty() {
        return sandboxes.isEmpty() && containers.isEmpty();
    }
}
