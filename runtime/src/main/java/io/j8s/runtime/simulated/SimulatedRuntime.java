package io.j8s.runtime.simulated;

import io.j8s.runtime.Container;
import io.j8s.runtime.ContainerConfig;
import io.j8s.runtime.ContainerFilter;
import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.ContainerState;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.ExecRequest;
import io.j8s.runtime.ExecResult;
import io.j8s.runtime.ExecSession;
import io.j8s.runtime.Image;
import io.j8s.runtime.ImageSpec;
import io.j8s.runtime.Outcome;
import io.j8s.runtime.PodSandbox;
import io.j8s.runtime.PodSandboxConfig;
import io.j8s.runtime.PodSandboxFilter;
import io.j8s.runtime.PodSandboxStatus;
import io.j8s.runtime.RuntimeStatus;
import io.j8s.runtime.SandboxState;
import io.j8s.runtime.VersionInfo;
import io.j8s.runtime.image.HostImages;
import io.j8s.runtime.network.Cidr;
import io.j8s.runtime.network.InMemoryIpam;
import io.j8s.runtime.network.Ipam;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Hollow pods, KWOK style: sandboxes and containers are state machines with no process, no
 * file and no thread behind them. A started container runs until it is stopped (then it exits
 * 0, {@code Completed}); exec succeeds with no output; sandboxes get IPs from the podCIDR. A few
 * hundred bytes a container, so thousands of simulated nodes fit in one JVM. Tests can make a
 * container exit ({@link #simulateExit}) and choose what exec answers ({@link #simulateExec}).
 *
 * <p>Thread-safe: state lives in concurrent maps; each transition replaces an immutable record.
 */
public final class SimulatedRuntime implements ContainerRuntime {
    public static final String NAME = "simulated";

    private final Clock clock;
    private final Ipam ipam;
    private final HostImages images = HostImages.inMemory();
    private final String idPrefix;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, Ctr> containers = new ConcurrentHashMap<>();
    private final LabelIndex sandboxLabels = new LabelIndex();
    private final LabelIndex containerLabels = new LabelIndex();
    private volatile java.util.function.BiFunction<String, List<String>, ExecResult> execHandler =
            (id, cmd) -> ExecResult.success();

    private record Sandbox(String id, PodSandboxConfig config, Instant createdAt, SandboxState state, String ip) {}

    private record Ctr(String id, String sandboxId, ContainerConfig config, Path logPath, Instant createdAt,
                       Instant startedAt, Instant finishedAt, ContainerState state, int exitCode, String reason) {}

    /**
     * @param podCidr the node's podCIDR, pod IPs come from it
     * @param clock   the time of created/started/finished
     */
    public SimulatedRuntime(Cidr podCidr, Clock clock) {
        this.clock = clock;
        this.ipam = new InMemoryIpam(podCidr);
        // Ids must be unique across the many simulated nodes of one JVM (the kubelet may use them
        // as keys of shared maps): a per-instance random prefix, then a counter.
        this.idPrefix = String.format("%016x", new java.util.Random().nextLong());
    }

    private String newId() {
        return idPrefix + String.format("%048x", nextId.incrementAndGet());
    }

    @Override
    public VersionInfo version() {
        return new VersionInfo("0.1.0", NAME, "0.1.0", "v1");
    }

    @Override
    public RuntimeStatus status() {
        return new RuntimeStatus(List.of(
                new RuntimeStatus.Condition(RuntimeStatus.RUNTIME_READY, true, "", ""),
                new RuntimeStatus.Condition(RuntimeStatus.NETWORK_READY, true, "", ""),
                new RuntimeStatus.Condition(RuntimeStatus.POD_ISOLATION, false, "Simulated",
                        "pods are simulated: no process runs")));
    }

    @Override
    public Outcome<String> runPodSandbox(PodSandboxConfig config) {
        String id = newId();
        String ip = "";
        if (!config.linux().namespaceOptions().hostNetwork()) {
            Optional<String> allocated = ipam.allocate(id);
            if (allocated.isEmpty()) {
                return Outcome.failed(Outcome.FAILED_CREATE_POD_SANDBOX,
                        "failed to allocate an IP: range " + ipam.cidr() + " is exhausted");
            }
            ip = allocated.get();
        }
        sandboxes.put(id, new Sandbox(id, config, clock.instant(), SandboxState.SANDBOX_READY, ip));
        sandboxLabels.add(id, config.labels());
        return Outcome.ok(id);
    }

    @Override
    public void stopPodSandbox(String podSandboxId) {
        containers.values().stream().filter(c -> c.sandboxId().equals(podSandboxId))
                .forEach(c -> stopContainer(c.id(), Duration.ZERO));
        sandboxes.computeIfPresent(podSandboxId, (id, s) -> new Sandbox(id, s.config(), s.createdAt(),
                SandboxState.SANDBOX_NOTREADY, ""));
        ipam.release(podSandboxId);
    }

    @Override
    public void removePodSandbox(String podSandboxId) {
        stopPodSandbox(podSandboxId);
        for (Ctr c : List.copyOf(containers.values())) {
            if (c.sandboxId().equals(podSandboxId)) removeContainer(c.id());
        }
        Sandbox removed = sandboxes.remove(podSandboxId);
        if (removed != null) sandboxLabels.remove(podSandboxId, removed.config().labels());
    }

    @Override
    public Optional<PodSandboxStatus> podSandboxStatus(String podSandboxId) {
        return Optional.ofNullable(sandboxes.get(podSandboxId)).map(s -> new PodSandboxStatus(s.id(),
                s.config().metadata(), s.state(), s.createdAt(), s.ip(), List.of(),
                s.config().linux().namespaceOptions(), s.config().labels(), s.config().annotations()));
    }

    @Override
    public List<PodSandbox> listPodSandbox(PodSandboxFilter filter) {
        return sandboxLabels.candidates(sandboxes, filter.labelSelector())
                .filter(s -> filter.matches(s.id(), s.state(), s.config().labels()))
                .map(s -> new PodSandbox(s.id(), s.config().metadata(), s.state(), s.createdAt(),
                        s.config().labels(), s.config().annotations()))
                .toList();
    }

    @Override
    public Outcome<String> createContainer(String podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        Sandbox sandbox = sandboxes.get(podSandboxId);
        if (sandbox == null) {
            return Outcome.failed(Outcome.NOT_FOUND, "pod sandbox " + podSandboxId + " not found");
        }
        if (sandbox.state() != SandboxState.SANDBOX_READY) {
            return Outcome.failed(Outcome.CREATE_CONTAINER_ERROR, "pod sandbox " + podSandboxId + " is not ready");
        }
        String id = newId();
        Path logPath = sandbox.config().logDirectory().resolve(config.logPath());
        containers.put(id, new Ctr(id, podSandboxId, config, logPath, clock.instant(), null, null,
                ContainerState.CONTAINER_CREATED, 0, ""));
        containerLabels.add(id, config.labels());
        return Outcome.ok(id);
    }

    @Override
    public Outcome<Void> startContainer(String containerId) {
        var started = new boolean[1];
        Ctr c = containers.computeIfPresent(containerId, (id, old) -> {
            if (old.state() != ContainerState.CONTAINER_CREATED) {
                return old;
            }
            started[0] = true;
            return new Ctr(id, old.sandboxId(), old.config(), old.logPath(), old.createdAt(), clock.instant(), null,
                    ContainerState.CONTAINER_RUNNING, 0, "");
        });
        if (c == null) {
            return Outcome.failed(Outcome.NOT_FOUND, "container " + containerId + " not found");
        }
        if (!started[0]) {
            return Outcome.failed(Outcome.RUN_CONTAINER_ERROR, "container " + containerId + " is not in created state");
        }
        return Outcome.done();
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        containers.computeIfPresent(containerId, (id, old) -> old.state() == ContainerState.CONTAINER_EXITED
                ? old
                : new Ctr(id, old.sandboxId(), old.config(), old.logPath(), old.createdAt(), old.startedAt(),
                        clock.instant(), ContainerState.CONTAINER_EXITED, 0, ContainerStatus.COMPLETED));
    }

    /**
     * Makes a running container exit now, as if its process had ended (KWOK's stages do the
     * same): for tests of restarts and back-off. {@code reason} is usually
     * {@link ContainerStatus#COMPLETED}, {@link ContainerStatus#ERROR} or
     * {@link ContainerStatus#OOM_KILLED}. No-op unless the container is running.
     */
    public void simulateExit(String containerId, int exitCode, String reason) {
        containers.computeIfPresent(containerId, (id, old) -> old.state() != ContainerState.CONTAINER_RUNNING
                ? old
                : new Ctr(id, old.sandboxId(), old.config(), old.logPath(), old.createdAt(), old.startedAt(),
                        clock.instant(), ContainerState.CONTAINER_EXITED, exitCode, reason));
    }

    /**
     * What {@link #execSync} answers from now on (default: success with no output), for tests
     * of exec probes and hooks: given the container id and the command.
     */
    public void simulateExec(java.util.function.BiFunction<String, List<String>, ExecResult> handler) {
        this.execHandler = java.util.Objects.requireNonNull(handler);
    }

    @Override
    public void removeContainer(String containerId) {
        Ctr removed = containers.remove(containerId);
        if (removed != null) containerLabels.remove(containerId, removed.config().labels());
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(c -> new ContainerStatus(c.id(), c.sandboxId(),
                c.config().metadata(), c.state(), c.createdAt(), Optional.ofNullable(c.startedAt()),
                Optional.ofNullable(c.finishedAt()), c.exitCode(), c.config().image(),
                HostImages.imageRef(c.config().image()).orElse(""), c.reason(), "", c.config().labels(),
                c.config().annotations(), c.config().mounts(), c.logPath(), c.config().resources()));
    }

    @Override
    public List<Container> listContainers(ContainerFilter filter) {
        return containerLabels.candidates(containers, filter.labelSelector())
                .filter(c -> filter.matches(c.id(), c.state(), c.sandboxId(), c.config().labels()))
                .map(c -> new Container(c.id(), c.sandboxId(), c.config().metadata(), c.config().image(),
                        HostImages.imageRef(c.config().image()).orElse(""), c.state(), c.createdAt(),
                        c.config().labels(), c.config().annotations()))
                .toList();
    }

    private Optional<Outcome.Failed<?>> notRunning(String containerId) {
        Ctr c = containers.get(containerId);
        if (c == null) {
            return Optional.of(new Outcome.Failed<>(Outcome.NOT_FOUND, "container " + containerId + " not found"));
        }
        if (c.state() != ContainerState.CONTAINER_RUNNING) {
            return Optional.of(new Outcome.Failed<>(Outcome.CONTAINER_NOT_RUNNING,
                    "container " + containerId + " is not running"));
        }
        return Optional.empty();
    }

    @Override
    public Outcome<ExecResult> execSync(String containerId, List<String> cmd, Duration timeout) {
        return notRunning(containerId).<Outcome<ExecResult>>map(f -> Outcome.failed(f.reason(), f.message()))
                .orElseGet(() -> Outcome.ok(execHandler.apply(containerId, cmd)));
    }

    @Override
    public Outcome<ExecSession> exec(String containerId, ExecRequest request) {
        return notRunning(containerId).<Outcome<ExecSession>>map(f -> Outcome.failed(f.reason(), f.message()))
                .orElse(Outcome.ok(new FinishedSession()));
    }

    @Override
    public Outcome<ExecSession> attach(String containerId, boolean stdin) {
        return exec(containerId, ExecRequest.of(List.of("attach")));
    }

    @Override
    public void reopenContainerLog(String containerId) {
        // no log files
    }

    @Override
    public List<Image> listImages() {
        return images.listImages();
    }

    @Override
    public Optional<Image> imageStatus(ImageSpec image) {
        return images.imageStatus(image);
    }

    @Override
    public Outcome<String> pullImage(ImageSpec image) {
        return images.pullImage(image);
    }

    @Override
    public void removeImage(ImageSpec image) {
        images.removeImage(image);
    }

    @Override
    public void close() {
        // nothing is held
    }

    /** An exec that has already succeeded without output. */
    private static final class FinishedSession implements ExecSession {
        @Override
        public OutputStream stdin() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream stdout() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream stderr() {
            return InputStream.nullInputStream();
        }

        @Override
        public void resize(int width, int height) {
        }

        @Override
        public CompletableFuture<Integer> exitCode() {
            return CompletableFuture.completedFuture(0);
        }

        @Override
        public void close() {
        }
    }

    /**
     * Ids by each of their labels ("key=value"), so that a list by a pod's uid label, as the
     * kubelet makes for every pod it syncs, looks at that pod's entries and not at every pod's:
     * 110 hollow pods a node made each sync walk them all.
     */
    private static final class LabelIndex {
        private final Map<String, Set<String>> ids = new ConcurrentHashMap<>();

        void add(String id, Map<String, String> labels) {
            labels.forEach((k, v) -> ids.computeIfAbsent(k + "=" + v, x -> ConcurrentHashMap.newKeySet()).add(id));
        }

        void remove(String id, Map<String, String> labels) {
            labels.forEach((k, v) -> ids.computeIfPresent(k + "=" + v, (x, set) -> {
                set.remove(id);
                return set.isEmpty() ? null : set;
            }));
        }

        /** The entries of {@code all} that may match {@code selector}: all of them for an empty one. */
        <T> Stream<T> candidates(Map<String, T> all, Map<String, String> selector) {
            if (selector.isEmpty()) return all.values().stream();
            Map.Entry<String, String> first = selector.entrySet().iterator().next();
            return ids.getOrDefault(first.getKey() + "=" + first.getValue(), Set.of()).stream().map(all::get).filter(Objects::nonNull);
        }
    }
}
