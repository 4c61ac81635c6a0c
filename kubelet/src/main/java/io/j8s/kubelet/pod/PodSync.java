package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.prober.ProbeResults;
import io.j8s.kubelet.util.EventRecorder;
import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.ContainerState;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.Outcome;
import io.j8s.runtime.PodSandboxConfig;
import io.j8s.runtime.PodSandboxStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One level-triggered pass over a pod that should run (upstream's kuberuntime {@code SyncPod} with
 * {@code computePodActions}): compare the spec with what the runtime has, and act: volumes, a
 * sandbox, init containers one by one in order, then every container; restart what exited as
 * {@code restartPolicy} says, with the crash-loop back-off; kill what failed its liveness or
 * startup probe, or whose spec changed. Stopping and removing pods is {@link PodTermination}'s.
 */
public final class PodSync {

    private static final Logger log = LoggerFactory.getLogger(PodSync.class);

    private final ContainerRuntime runtime;
    private final SandboxConfigs sandboxes;
    private final VolumeManager volumes;
    private final ContainerLifecycle containers;
    private final ProbeResults probes;
    private final Backoff backoff;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration retryPeriod;

    /**
     * @param retryPeriod how soon a pod waiting for something outside (a ConfigMap for a volume,
     *                    a sandbox that failed) is looked at again
     */
    public PodSync(ContainerRuntime runtime, SandboxConfigs sandboxes, VolumeManager volumes, ContainerConfigs configs,
            LifecycleHooks hooks, ProbeResults probes, Backoff backoff, Backoff imageBackoff, EventRecorder events, Clock clock,
            Duration retryPeriod) {
        this.runtime = runtime;
        this.sandboxes = sandboxes;
        this.volumes = volumes;
        this.containers = new ContainerLifecycle(runtime, configs, hooks, events, imageBackoff, clock);
        this.probes = probes;
        this.backoff = backoff;
        this.events = events;
        this.clock = clock;
        this.retryPeriod = retryPeriod;
    }

    ContainerLifecycle containers() {
        return containers;
    }

    /** Upstream's {@code RestartPolicy}: Always, OnFailure, Never. */
    static String restartPolicy(Pod pod) {
        String p = pod.getSpec().getRestartPolicy();
        return p == null || p.isEmpty() ? "Always" : p;
    }

    static boolean shouldRestart(String policy, int exitCode) {
        return switch (policy) {
            case "Never" -> false;
            case "OnFailure" -> exitCode != 0;
            default -> true;
        };
    }

    /** Upstream's back-off key: the pod's full name and the container's. */
    static String backoffKey(Pod pod, String container) {
        return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getUid() + "_" + container;
    }

    /** Syncs {@code pod} against {@code current}, what the runtime had of it just before. */
    public SyncResult sync(Pod pod, RuntimePod current) {
        Map<String, SyncResult.Waiting> waiting = new HashMap<>();
        Map<String, Path> mounted;
        try {
            mounted = volumes.setUp(pod);
        } catch (VolumeManager.MountException e) {
            events.event(pod, EventRecorder.WARNING, "FailedMount", e.getMessage());
            return new SyncResult(waiting, Optional.of(retryPeriod), false);
        }

        Optional<PodSandboxStatus> sandbox = current.readySandbox();
        if (sandbox.isEmpty()) {
            if (!current.containers().isEmpty() && restartPolicy(pod).equals("Never")) {
                // Upstream: a pod that already ran and may not restart gets no second sandbox.
                return SyncResult.done();
            }
            // A sandbox that died takes its containers with it: they are started again in a new one.
            containers.killAll(pod, current.running(), Duration.ZERO);
            int attempt = current.sandboxes().isEmpty() ? 0 : current.sandboxes().getFirst().metadata().attempt() + 1;
            switch (runtime.runPodSandbox(sandboxes.of(pod, attempt))) {
                case Outcome.Ok<String> ok -> log.info("Created sandbox {} for pod {}", ok.value(), Labels.podDesc(pod));
                case Outcome.Failed<String> f -> {
                    log.warn("Failed to create a sandbox for pod {}: {}", Labels.podDesc(pod), f.message());
                    events.event(pod, EventRecorder.WARNING, f.reason(), "Failed to create pod sandbox: " + f.message());
                    return new SyncResult(waiting, Optional.of(retryPeriod), false);
                }
            }
            current = RuntimePod.read(runtime, pod.getMetadata().getUid());
            sandbox = current.readySandbox();
            if (sandbox.isEmpty()) return new SyncResult(waiting, Optional.of(retryPeriod), false);
        }
        PodSandboxConfig sandboxConfig = sandboxes.of(pod, sandbox.get().metadata().attempt());
        Context ctx = new Context(pod, current, sandbox.get().id(), sandboxConfig, sandbox.get().ip(), mounted, waiting);

        InitState init = syncInitContainers(ctx);
        if (init != InitState.DONE) {
            for (Container c : pod.getSpec().getContainers()) {
                if (current.latest(c.getName()).isEmpty()) waiting.put(c.getName(), new SyncResult.Waiting("PodInitializing", ""));
            }
            return ctx.result(init == InitState.FAILED);
        }
        for (Container c : pod.getSpec().getContainers()) {
            syncContainer(ctx, c);
        }
        removeDeadContainers(current);
        return ctx.result(false);
    }

    /** What one sync works with, and what it found out. */
    private final class Context {
        final Pod pod;
        final RuntimePod current;
        final String sandboxId;
        final PodSandboxConfig sandboxConfig;
        final String podIp;
        final Map<String, Path> volumes;
        final Map<String, SyncResult.Waiting> waiting;
        Duration requeue;

        Context(Pod pod, RuntimePod current, String sandboxId, PodSandboxConfig sandboxConfig, String podIp,
                Map<String, Path> volumes, Map<String, SyncResult.Waiting> waiting) {
            this.pod = pod;
            this.current = current;
            this.sandboxId = sandboxId;
            this.sandboxConfig = sandboxConfig;
            this.podIp = podIp;
            this.volumes = volumes;
            this.waiting = waiting;
        }

        void requeueAfter(Duration d) {
            if (requeue == null || d.compareTo(requeue) < 0) requeue = d;
        }

        void start(Container c, boolean init, int attempt) {
            containers.start(pod, c, init, attempt, sandboxId, sandboxConfig, podIp, volumes).ifPresent(w -> {
                waiting.put(c.getName(), w);
                requeueAfter(retryPeriod);
            });
        }

        SyncResult result(boolean initFailed) {
            return new SyncResult(waiting, Optional.ofNullable(requeue), initFailed);
        }
    }

    private enum InitState { DONE, RUNNING, FAILED }

    /** Upstream's {@code computeInitContainerActions}: the next init container to run, in order. */
    private InitState syncInitContainers(Context ctx) {
        for (Container c : ctx.pod.getSpec().getInitContainers()) {
            Optional<ContainerStatus> latest = ctx.current.latest(c.getName());
            if (latest.isEmpty()) {
                ctx.start(c, true, 0);
                return InitState.RUNNING;
            }
            ContainerStatus s = latest.get();
            if (s.running()) return InitState.RUNNING;
            if (s.state() == ContainerState.CONTAINER_CREATED) {
                runtime.startContainer(s.id());
                return InitState.RUNNING;
            }
            if (s.exitCode() == 0 && s.exited()) continue;
            if (restartPolicy(ctx.pod).equals("Never")) return InitState.FAILED;
            restartWithBackoff(ctx, c, s, true);
            return InitState.RUNNING;
        }
        return InitState.DONE;
    }

    private void syncContainer(Context ctx, Container c) {
        Optional<ContainerStatus> latest = ctx.current.latest(c.getName());
        if (latest.isEmpty()) {
            ctx.start(c, false, 0);
            return;
        }
        ContainerStatus s = latest.get();
        String policy = restartPolicy(ctx.pod);
        if (s.running()) {
            String why = killReason(c, s);
            if (why == null) return;
            containers.kill(ctx.pod, c, s, ContainerLifecycle.grace(ctx.pod, null), why);
            if (why.contains("definition changed")) {
                ctx.start(c, false, s.metadata().attempt() + 1);
                return;
            }
            s = runtime.containerStatus(s.id()).orElse(s);
            if (policy.equals("Never")) return;
            restartWithBackoff(ctx, c, s, false);
            return;
        }
        if (s.state() == ContainerState.CONTAINER_CREATED) {
            runtime.startContainer(s.id());
            return;
        }
        if (!shouldRestart(policy, s.exitCode())) return;
        restartWithBackoff(ctx, c, s, false);
    }

    /** Why a running container must be killed now, or null. */
    private String killReason(Container c, ContainerStatus s) {
        String want = ContainerHash.of(c);
        String has = s.annotations().get(Labels.CONTAINER_HASH);
        if (has != null && !has.equals(want)) return "Container " + c.getName() + " definition changed, will be restarted";
        if (c.getStartupProbe() != null && probes.startup(s.id()) == ProbeResults.Result.FAILURE) {
            return "Container " + c.getName() + " failed startup probe, will be restarted";
        }
        if (c.getLivenessProbe() != null && probes.liveness(s.id()) == ProbeResults.Result.FAILURE) {
            return "Container " + c.getName() + " failed liveness probe, will be restarted";
        }
        return null;
    }

    /** Upstream's {@code doBackOff} then a start: in back-off the container waits in CrashLoopBackOff. */
    private void restartWithBackoff(Context ctx, Container c, ContainerStatus exited, boolean init) {
        String key = backoffKey(ctx.pod, c.getName());
        var finished = exited.finishedAt().orElse(clock.instant());
        if (backoff.inBackoffSince(key, finished)) {
            String msg = "back-off " + GoDurations.format(backoff.get(key)) + " restarting failed container=" + c.getName()
                    + " pod=" + Labels.podDesc(ctx.pod);
            ctx.waiting.put(c.getName(), new SyncResult.Waiting("CrashLoopBackOff", msg));
            events.event(ctx.pod, ContainerLifecycle.fieldPath(ctx.pod, c.getName(), init), EventRecorder.WARNING, "BackOff",
                    "Back-off restarting failed container " + c.getName() + " in pod " + Labels.podDesc(ctx.pod));
            Duration left = backoff.remaining(key, finished);
            ctx.requeueAfter(left.isZero() ? Duration.ofMillis(100) : left);
            return;
        }
        backoff.next(key);
        ctx.start(c, init, exited.metadata().attempt() + 1);
    }

    /** Keeps the two newest instances of each container (the current and the previous, for logs --previous). */
    private void removeDeadContainers(RuntimePod current) {
        Map<String, Integer> seen = new HashMap<>();
        for (ContainerStatus s : current.containers()) {
            int n = seen.merge(s.metadata().name(), 1, Integer::sum);
            if (n > 2 && !s.running()) runtime.removeContainer(s.id());
        }
        List<PodSandboxStatus> old = current.sandboxes().stream().skip(1).toList();
        for (PodSandboxStatus sb : old) {
            boolean used = current.containers().stream().anyMatch(c -> c.podSandboxId().equals(sb.id()));
            if (!used) runtime.removePodSandbox(sb.id());
        }
    }
}
