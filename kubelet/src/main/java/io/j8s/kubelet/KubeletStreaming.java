package io.j8s.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.pod.RuntimePod;
import io.j8s.kubelet.server.Streaming;
import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.ExecRequest;
import io.j8s.runtime.ExecSession;
import io.j8s.runtime.Outcome;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** exec and attach: the pod's running container, found through the runtime, and the runtime's session into it. */
final class KubeletStreaming implements Streaming {

    private final Supplier<ContainerRuntime> runtime;
    private final BiFunction<String, String, Optional<Pod>> pods;

    KubeletStreaming(Supplier<ContainerRuntime> runtime, BiFunction<String, String, Optional<Pod>> pods) {
        this.runtime = runtime;
        this.pods = pods;
    }

    @Override
    public ExecSession open(boolean attach, String namespace, String podName, String container, List<String> command, boolean stdin,
            boolean tty) throws Refused {
        ContainerRuntime rt = runtime.get();
        Optional<Pod> pod = pods.apply(namespace, podName);
        if (rt == null || pod.isEmpty()) throw new Refused(404, "pod does not exist");
        Optional<ContainerStatus> running = RuntimePod.read(rt, pod.get().getMetadata().getUid()).latest(container)
                .filter(ContainerStatus::running);
        // Upstream's words when the runtime has no such running container.
        if (running.isEmpty()) throw new Refused(404, "container not found (\"" + container + "\")");
        Outcome<ExecSession> session = attach ? rt.attach(running.get().id(), stdin)
                : rt.exec(running.get().id(), new ExecRequest(command, tty, stdin));
        return switch (session) {
            case Outcome.Ok<ExecSession> ok -> ok.value();
            case Outcome.Failed<ExecSession> f -> throw new Refused(500, f.message());
        };
    }
}
