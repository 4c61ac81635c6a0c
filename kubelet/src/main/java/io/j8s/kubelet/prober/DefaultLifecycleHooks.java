package io.j8s.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.pod.LifecycleHooks;
import io.j8s.runtime.RuntimeService;
import java.time.Duration;
import java.util.Optional;

/**
 * Upstream's {@code HandlerRunner}: postStart and preStop as exec in the container, an HTTP GET
 * to the pod, or a sleep; a failure is the reason given in the FailedPostStartHook /
 * FailedPreStopHook event.
 */
public final class DefaultLifecycleHooks implements LifecycleHooks {

    private final RuntimeService runtime;
    private final DefaultProber prober;

    public DefaultLifecycleHooks(RuntimeService runtime, DefaultProber prober) {
        this.runtime = runtime;
        this.prober = prober;
    }

    @Override
    public Optional<String> run(Pod pod, Container container, String containerId, String podIp, LifecycleHandler handler,
            Duration timeout) {
        if (handler.getExec() != null) {
            ProbeOutcome r = DefaultProber.exec(runtime, containerId, handler.getExec().getCommand(), timeout);
            return r.result() == ProbeResults.Result.SUCCESS ? Optional.empty()
                    : Optional.of("Exec lifecycle hook (" + handler.getExec().getCommand() + ") for Container \"" + container.getName()
                            + "\" in Pod \"" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                            + pod.getMetadata().getUid() + ")\" failed - error: " + r.output());
        }
        if (handler.getHttpGet() != null) {
            ProbeOutcome r = prober.httpGet(container, podIp, handler.getHttpGet(), timeout);
            return r.result() == ProbeResults.Result.SUCCESS ? Optional.empty()
                    : Optional.of("HTTP lifecycle hook (" + handler.getHttpGet().getPath() + ") for Container \"" + container.getName()
                            + "\" in Pod \"" + pod.getMetadata().getName() + "\" failed - error: " + r.output());
        }
        if (handler.getSleep() != null && handler.getSleep().getSeconds() != null) {
            long ms = Math.min(timeout.toMillis(), handler.getSleep().getSeconds() * 1000);
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Optional.empty();
    }
}
