package io.j8s.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.pod.RuntimePod;
import io.j8s.kubelet.server.ContainerLogs;
import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.logs.ContainerLogReader;
import io.j8s.runtime.logs.LogOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** {@code /containerLogs}: a pod's container's log file, found through the runtime, read as upstream's {@code ReadLogs}. */
final class KubeletLogs implements ContainerLogs {

    private final Supplier<ContainerRuntime> runtime;
    private final BiFunction<String, String, Optional<Pod>> pods;

    KubeletLogs(Supplier<ContainerRuntime> runtime, BiFunction<String, String, Optional<Pod>> pods) {
        this.runtime = runtime;
        this.pods = pods;
    }

    @Override
    public void write(String namespace, String podName, String container, boolean previous, LogOptions options, OutputStream out)
            throws IOException, NotFoundException, LogException {
        ContainerRuntime rt = runtime.get();
        Optional<Pod> found = pods.apply(namespace, podName);
        if (rt == null || found.isEmpty()) throw new NotFoundException("pod \"" + podName + "\" does not exist");
        Pod pod = found.get();
        boolean known = pod.getSpec().getContainers().stream().anyMatch(c -> c.getName().equals(container))
                || pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(container));
        if (!known) throw new LogException("container \"" + container + "\" in pod \"" + podName + "\" is not available");
        RuntimePod rp = RuntimePod.read(rt, pod.getMetadata().getUid());
        Optional<ContainerStatus> instance = previous ? rp.previous(container) : rp.latest(container);
        if (instance.isEmpty()) {
            if (previous) throw new LogException("previous terminated container \"" + container + "\" in pod \"" + podName + "\" not found");
            throw new LogException("container \"" + container + "\" in pod \"" + podName + "\" is waiting to start: ContainerCreating");
        }
        String id = instance.get().id();
        new ContainerLogReader().read(instance.get().logPath(), options, out, out,
                () -> rt.containerStatus(id).map(ContainerStatus::running).orElse(false));
    }
}
