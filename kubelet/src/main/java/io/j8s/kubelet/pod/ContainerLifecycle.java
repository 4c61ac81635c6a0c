package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.util.EventRecorder;
import io.j8s.runtime.ContainerConfig;
import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.ImageSpec;
import io.j8s.runtime.Outcome;
import io.j8s.runtime.PodSandboxConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting and killing one container, with the events upstream's kuberuntime records
 * ({@code startContainer}, {@code killContainer}): image, config, create, start, postStart; and
 * preStop, SIGTERM, SIGKILL after the grace period.
 */
final class ContainerLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ContainerLifecycle.class);
    /** Upstream's {@code minimumGracePeriodInSeconds}: a kill always gives this much. */
    static final Duration MINIMUM_GRACE = Duration.ofSeconds(2);

    private final ContainerRuntime runtime;
    private final ContainerConfigs configs;
    private final LifecycleHooks hooks;
    private final EventRecorder events;
    private final Backoff imageBackoff;
    private final Clock clock;

    ContainerLifecycle(ContainerRuntime runtime, ContainerConfigs configs, LifecycleHooks hooks, EventRecorder events,
            Backoff imageBackoff, Clock clock) {
        this.runtime = runtime;
        this.configs = configs;
        this.hooks = hooks;
        this.events = events;
        this.imageBackoff = imageBackoff;
        this.clock = clock;
    }

    static String fieldPath(Pod pod, String container, boolean init) {
        return (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
    }

    /**
     * Pulls, creates and starts {@code c} as instance {@code attempt}. Empty when it started;
     * otherwise why it waits (ErrImagePull, CreateContainerConfigError, …).
     */
    Optional<SyncResult.Waiting> start(Pod pod, Container c, boolean init, int attempt, String sandboxId,
            PodSandboxConfig sandboxConfig, String podIp, Map<String, Path> volumes) {
        String path = fieldPath(pod, c.getName(), init);
        Optional<SyncResult.Waiting> image = ensureImage(pod, c, path);
        if (image.isPresent()) return image;
        ContainerConfig config;
        try {
            config = configs.make(pod, c, init, attempt, podIp, volumes);
        } catch (ContainerConfigs.ConfigException e) {
            events.event(pod, path, EventRecorder.WARNING, "Failed", "Error: " + e.getMessage());
            return Optional.of(new SyncResult.Waiting("CreateContainerConfigError", e.getMessage()));
        }
        String id;
        switch (runtime.createContainer(sandboxId, config, sandboxConfig)) {
            case Outcome.Ok<String> ok -> id = ok.value();
            case Outcome.Failed<String> f -> {
                events.event(pod, path, EventRecorder.WARNING, "Failed", "Error: " + f.message());
                return Optional.of(new SyncResult.Waiting("CreateContainerError", f.message()));
            }
        }
        events.event(pod, path, EventRecorder.NORMAL, "Created", "Created container: " + c.getName());
        if (runtime.startContainer(id) instanceof Outcome.Failed<Void> f) {
            // The runtime left it exited with StartError; the next sync restarts it with back-off.
            events.event(pod, path, EventRecorder.WARNING, "Failed", "Error: " + f.message());
            return Optional.empty();
        }
        events.event(pod, path, EventRecorder.NORMAL, "Started", "Started container " + c.getName());
        if (c.getLifecycle() != null && c.getLifecycle().getPostStart() != null) {
            Optional<String> failed = hooks.run(pod, c, id, podIp, c.getLifecycle().getPostStart(), Duration.ofSeconds(30));
            if (failed.isPresent()) {
                events.event(pod, path, EventRecorder.WARNING, "FailedPostStartHook", failed.get());
                runtime.containerStatus(id).ifPresent(s -> kill(pod, c, s, grace(pod, null),
                        "FailedPostStartHook"));
            }
        }
        return Optional.empty();
    }

    /** Upstream's {@code EnsureImageExists}, with the pull policy and the image pull back-off. */
    private Optional<SyncResult.Waiting> ensureImage(Pod pod, Container c, String path) {
        String image = c.getImage();
        ImageSpec spec;
        try {
            spec = ImageSpec.of(image);
        } catch (IllegalArgumentException e) {
            events.event(pod, path, EventRecorder.WARNING, "InspectFailed", "Failed to apply default image tag \"" + image + "\"");
            return Optional.of(new SyncResult.Waiting("InvalidImageName", "Failed to apply default image tag \"" + image + "\""));
        }
        String policy = c.getImagePullPolicy() == null ? "IfNotPresent" : c.getImagePullPolicy();
        boolean present = runtime.imageStatus(spec).isPresent();
        if (present && !policy.equals("Always")) {
            events.event(pod, path, EventRecorder.NORMAL, "Pulled", "Container image \"" + image + "\" already present on machine");
            return Optional.empty();
        }
        if (policy.equals("Never")) {
            String msg = "Container image \"" + image + "\" is not present with pull policy of Never";
            events.event(pod, path, EventRecorder.WARNING, "ErrImageNeverPull", msg);
            return Optional.of(new SyncResult.Waiting("ErrImageNeverPull", msg));
        }
        String key = pod.getMetadata().getUid() + "_" + image;
        if (imageBackoff.inBackoffSince(key, clock.instant())) {
            String msg = "Back-off pulling image \"" + image + "\"";
            events.event(pod, path, EventRecorder.NORMAL, "BackOff", msg);
            return Optional.of(new SyncResult.Waiting("ImagePullBackOff", msg));
        }
        events.event(pod, path, EventRecorder.NORMAL, "Pulling", "Pulling image \"" + image + "\"");
        Instant began = clock.instant();
        switch (runtime.pullImage(spec)) {
            case Outcome.Ok<String> ok -> {
                long ms = Duration.between(began, clock.instant()).toMillis();
                long size = runtime.imageStatus(spec).map(io.j8s.runtime.Image::size).orElse(0L);
                events.event(pod, path, EventRecorder.NORMAL, "Pulled", "Successfully pulled image \"" + image + "\" in " + ms
                        + "ms (" + ms + "ms including waiting). Image size: " + size + " bytes.");
                imageBackoff.reset(key);
                return Optional.empty();
            }
            case Outcome.Failed<String> f -> {
                imageBackoff.next(key);
                events.event(pod, path, EventRecorder.WARNING, "Failed", "Failed to pull image \"" + image + "\": " + f.message());
                events.event(pod, path, EventRecorder.WARNING, "Failed", "Error: " + f.reason());
                return Optional.of(new SyncResult.Waiting(f.reason(), f.message()));
            }
        }
    }

    /**
     * The grace period of a kill: the pod's deletion grace when it is being deleted, else its
     * terminationGracePeriodSeconds (30 by default); {@code override} wins when given.
     */
    static Duration grace(Pod pod, Long override) {
        Long seconds = override;
        if (seconds == null && pod.getMetadata().getDeletionGracePeriodSeconds() != null) {
            seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        }
        if (seconds == null) seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        if (seconds == null) seconds = 30L;
        return Duration.ofSeconds(Math.max(0, seconds));
    }

    /**
     * Kills one container: the Killing event, its preStop hook within the grace period, then a stop
     * with what is left of it (at least {@link #MINIMUM_GRACE} unless the grace is zero).
     */
    void kill(Pod pod, Container spec, ContainerStatus status, Duration grace, String message) {
        String name = status.metadata().name();
        boolean init = "init".equals(status.annotations().get(Labels.CONTAINER_TYPE));
        events.event(pod, fieldPath(pod, name, init), EventRecorder.NORMAL, "Killing", message);
        Duration left = grace;
        if (spec != null && spec.getLifecycle() != null && spec.getLifecycle().getPreStop() != null && status.running()
                && !grace.isZero()) {
            Instant began = clock.instant();
            String podIp = pod.getStatus() == null || pod.getStatus().getPodIP() == null ? "" : pod.getStatus().getPodIP();
            Optional<String> failed = hooks.run(pod, spec, status.id(), podIp, spec.getLifecycle().getPreStop(), grace);
            failed.ifPresent(why -> events.event(pod, fieldPath(pod, name, init), EventRecorder.WARNING, "FailedPreStopHook", why));
            left = grace.minus(Duration.between(began, clock.instant()));
        }
        if (!grace.isZero() && left.compareTo(MINIMUM_GRACE) < 0) left = MINIMUM_GRACE;
        log.info("Killing container {} of pod {} with a grace period of {}s", name, Labels.podDesc(pod), left.toSeconds());
        runtime.stopContainer(status.id(), left);
    }

    /** Kills all of {@code running} at once, each with its own preStop, and waits for them. */
    void killAll(Pod pod, List<ContainerStatus> running, Duration grace) {
        List<Thread> killers = new ArrayList<>();
        for (ContainerStatus s : running) {
            Container spec = specOf(pod, s.metadata().name());
            killers.add(Thread.ofVirtual().start(() -> kill(pod, spec, s, grace, "Stopping container " + s.metadata().name())));
        }
        for (Thread t : killers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static Container specOf(Pod pod, String name) {
        for (Container c : pod.getSpec().getContainers()) if (c.getName().equals(name)) return c;
        for (Container c : pod.getSpec().getInitContainers()) if (c.getName().equals(name)) return c;
        return null;
    }
}
