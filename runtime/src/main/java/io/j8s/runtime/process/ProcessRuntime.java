package io.j8s.runtime.process;

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
import io.j8s.runtime.PodSandboxConfig.NamespaceMode;
import io.j8s.runtime.PodSandboxConfig.NamespaceOptions;
import io.j8s.runtime.PodSandboxFilter;
import io.j8s.runtime.PodSandboxStatus;
import io.j8s.runtime.RuntimeStatus;
import io.j8s.runtime.SandboxState;
import io.j8s.runtime.VersionInfo;
import io.j8s.runtime.image.HostImages;
import io.j8s.runtime.network.Cidr;
import io.j8s.runtime.network.HostLocalIpam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code process} runtime: a container is an OS process started from its command. As root
 * on Linux each pod is isolated as a container would be (see {@link SandboxLauncher},
 * {@link ContainerLauncher}, {@link BridgeNetwork}, {@link Cgroups}); otherwise pods run on the
 * host's network and files and {@link #status()} says so. State is kept under the data directory
 * so a new instance adopts running pods; see docs/runtime.md.
 *
 * <p>Thread-safe. Operations on one sandbox, or on one container, are serialized by a lock per
 * id (sandbox before container); different pods proceed in parallel.
 */
public final class ProcessRuntime implements ContainerRuntime {
    public static final String NAME = "process";
    public static final String VERSION = "0.1.0";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProcessRuntime.class);

    private final ProcessRuntimeConfig config;
    private final Host host;
    private final Cgroups cgroups;
    private final PodNetwork network;
    private final HostImages images;
    private final StateStore store;
    private final SandboxLauncher launcher;
    private final Containers containers;
    private final Map<String, SandboxRecord> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** A runtime that isolates pods when this process may (root on Linux), as configured. */
    public static ProcessRuntime open(ProcessRuntimeConfig config) {
        Host host = config.isolation() == ProcessRuntimeConfig.Isolation.NONE
                ? Host.unisolated("IsolationDisabled") : Host.detect();
        return new ProcessRuntime(config, host);
    }

    ProcessRuntime(ProcessRuntimeConfig config, Host host) {
        this.config = config;
        this.host = host;
        this.cgroups = host.canIsolate() ? Cgroups.detect(Cgroups.MOUNT_BASE) : Cgroups.none();
        this.network = host.canIsolate() && config.podCidr() != null
                ? new BridgeNetwork(config.bridgeName(), new HostLocalIpam(Cidr.parse(config.podCidr()),
                        config.dataDir().resolve("ipam").resolve(config.bridgeName())), config.ipForward())
                : new HostNetwork(config.nodeIp(), host.canIsolate() ? "NoPodCIDR" : host.reason());
        this.images = new HostImages(config.dataDir().resolve("images"));
        this.store = new StateStore(config.dataDir());
        this.launcher = new SandboxLauncher(config.startTimeout(), config.rootfsSize());
        this.containers = new Containers(store, cgroups, host, config, sandboxes::get);
        store.loadSandboxes().forEach(s -> sandboxes.put(s.id(), s));
        containers.adopt();
        if (!sandboxes.isEmpty()) {
            LOG.info("Adopted {} pod sandboxes and {} containers from {}", sandboxes.size(),
                    containers.count(), config.dataDir());
        }
        if (!host.canIsolate()) {
            LOG.warn("Pods are not isolated ({}): {}", host.reason(), host.message());
        } else if (cgroups.version() == Cgroups.Version.NONE) {
            LOG.warn("No cgroup hierarchy found or mountable: containers with cpu or memory limits will not start");
        }
    }

    Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    static String newId() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    Cgroups cgroups() {
        return cgroups;
    }

    /** Whether pods are isolated (root on Linux); false means host mode. */
    public boolean isolated() {
        return host.canIsolate();
    }

    @Override
    public VersionInfo version() {
        return new VersionInfo("0.1.0", NAME, VERSION, "v1");
    }

    @Override
    public RuntimeStatus status() {
        return new RuntimeStatus(List.of(
                new RuntimeStatus.Condition(RuntimeStatus.RUNTIME_READY, true, "", ""),
                network.readiness(),
                new RuntimeStatus.Condition(RuntimeStatus.POD_ISOLATION, host.canIsolate(), host.reason(), host.message())));
    }

    private boolean ownNetwork(SandboxRecord s) {
        return s.isolated() && network instanceof BridgeNetwork && !s.config().linux().namespaceOptions().hostNetwork();
    }

    @Override
    public Outcome<String> runPodSandbox(PodSandboxConfig requested) {
        String id = newId();
        var dir = store.sandboxDir(id);
        boolean isolated = host.canIsolate();
        PodSandboxConfig sandboxConfig = requested;
        var ns = requested.linux().namespaceOptions();
        if (!isolated || !(network instanceof BridgeNetwork)) {
            // No podCIDR (or no isolation): the pod is on the node's network, and says so.
            sandboxConfig = requested.withLinux(new PodSandboxConfig.Linux(requested.linux().cgroupParent(),
                    new NamespaceOptions(NamespaceMode.NODE, isolated ? ns.pid() : NamespaceMode.NODE,
                            isolated ? ns.ipc() : NamespaceMode.NODE), requested.linux().resources()));
        }
        String cgroupPath = requested.linux().cgroupParent().isEmpty()
                ? config.cgroupRoot() + "/pod" + requested.metadata().uid() : requested.linux().cgroupParent();
        var record = new SandboxRecord(id, sandboxConfig, config.clock().instant(), isolated, 0, 0, cgroupPath, false);
        try {
            Files.createDirectories(requested.logDirectory());
            SandboxLauncher.writeEtcFiles(dir, sandboxConfig, "");
        } catch (IOException | UncheckedIOException e) {
            return Outcome.failed(Outcome.FAILED_CREATE_POD_SANDBOX, "cannot prepare the sandbox: " + e.getMessage());
        }
        synchronized (lock(id)) {
            store.save(record);
            sandboxes.put(id, record);
            if (isolated) {
                Optional<String> error = startHolder(record);
                if (error.isPresent()) {
                    removePodSandbox(id);
                    return Outcome.failed(Outcome.FAILED_CREATE_POD_SANDBOX, error.get());
                }
            }
        }
        SandboxRecord started = sandboxes.get(id);
        LOG.info("Started pod sandbox {} for {}/{} with IP {}", id.substring(0, 12), requested.metadata().namespace(),
                requested.metadata().name(), ip(started));
        return Outcome.ok(id);
    }

    /** Starts the holder, then the network; on failure the caller removes the sandbox. */
    private Optional<String> startHolder(SandboxRecord record) {
        try {
            cgroups.create(record.cgroupPath(), record.config().linux().resources());
        } catch (UncheckedIOException e) {
            return Optional.of(e.getMessage());
        }
        switch (launcher.start(store.sandboxDir(record.id()), record.config())) {
            case Outcome.Failed<Long> f -> {
                return Optional.of(f.message());
            }
            case Outcome.Ok<Long>(Long pid) -> {
                record = record.withHolder(pid, Proc.startTime(pid).orElse(0L));
                store.save(record);
                sandboxes.put(record.id(), record);
            }
        }
        if (ownNetwork(record)) {
            switch (network.setUp(record.id(), record.holderPid())) {
                case Outcome.Failed<String> f -> {
                    return Optional.of(f.message());
                }
                case Outcome.Ok<String>(String ip) -> {
                    try {
                        SandboxLauncher.writeHosts(store.sandboxDir(record.id()), record.config(), ip);
                    } catch (IOException e) {
                        return Optional.of("cannot write /etc/hosts: " + e.getMessage());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean ready(SandboxRecord s) {
        return !s.stopped() && (!s.isolated() || Proc.alive(s.holderPid(), s.holderStart()));
    }

    private String ip(SandboxRecord s) {
        if (s.stopped()) {
            return "";
        }
        return ownNetwork(s) ? network.addressOf(s.id()) : config.nodeIp();
    }

    @Override
    public void stopPodSandbox(String podSandboxId) {
        synchronized (lock(podSandboxId)) {
            SandboxRecord s = sandboxes.get(podSandboxId);
            if (s == null) {
                return;
            }
            containers.inSandbox(podSandboxId).forEach(id -> containers.stop(id, Duration.ZERO));
            if (s.isolated() && s.holderPid() > 0) {
                ProcessHandle.of(s.holderPid()).filter(h -> Proc.alive(s.holderPid(), s.holderStart()))
                        .ifPresent(ProcessHandle::destroyForcibly);
                Containers.waitFor(() -> !Proc.alive(s.holderPid(), s.holderStart()), Duration.ofSeconds(10));
            }
            if (ownNetwork(s)) {
                network.tearDown(podSandboxId);
            }
            if (!s.stopped()) {
                SandboxRecord stopped = s.asStopped();
                store.save(stopped);
                sandboxes.put(podSandboxId, stopped);
                LOG.info("Stopped pod sandbox {} of {}/{}", podSandboxId.substring(0, 12),
                        s.config().metadata().namespace(), s.config().metadata().name());
            }
        }
    }

    @Override
    public void removePodSandbox(String podSandboxId) {
        synchronized (lock(podSandboxId)) {
            SandboxRecord s = sandboxes.get(podSandboxId);
            if (s == null) {
                return;
            }
            stopPodSandbox(podSandboxId);
            containers.inSandbox(podSandboxId).forEach(containers::remove);
            if (s.isolated()) {
                cgroups.at(s.cgroupPath()).remove();
            }
            store.deleteSandbox(podSandboxId);
            sandboxes.remove(podSandboxId);
        }
        locks.remove(podSandboxId);
    }

    @Override
    public Optional<PodSandboxStatus> podSandboxStatus(String podSandboxId) {
        return Optional.ofNullable(sandboxes.get(podSandboxId)).map(s -> new PodSandboxStatus(s.id(),
                s.config().metadata(), ready(s) ? SandboxState.SANDBOX_READY : SandboxState.SANDBOX_NOTREADY,
                s.createdAt(), ip(s), List.of(), s.config().linux().namespaceOptions(), s.config().labels(),
                s.config().annotations()));
    }

    @Override
    public List<PodSandbox> listPodSandbox(PodSandboxFilter filter) {
        return sandboxes.values().stream()
                .map(s -> new PodSandbox(s.id(), s.config().metadata(),
                        ready(s) ? SandboxState.SANDBOX_READY : SandboxState.SANDBOX_NOTREADY, s.createdAt(),
                        s.config().labels(), s.config().annotations()))
                .filter(p -> filter.matches(p.id(), p.state(), p.labels()))
                .toList();
    }

    @Override
    public Outcome<String> createContainer(String podSandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        SandboxRecord s = sandboxes.get(podSandboxId);
        if (s == null) {
            return Outcome.failed(Outcome.NOT_FOUND, "pod sandbox " + podSandboxId + " not found");
        }
        if (!ready(s)) {
            return Outcome.failed(Outcome.CREATE_CONTAINER_ERROR, "pod sandbox " + podSandboxId + " is not ready");
        }
        if (config.command().isEmpty()) {
            return Outcome.failed(Outcome.CREATE_CONTAINER_ERROR,
                    "no command specified (the process runtime has no image entrypoint to fall back on)");
        }
        return containers.create(s, config, HostImages.imageRef(config.image()).orElse(""));
    }

    @Override
    public Outcome<Void> startContainer(String containerId) {
        return containers.start(containerId);
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        containers.stop(containerId, timeout);
    }

    @Override
    public void removeContainer(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        return containers.status(containerId);
    }

    @Override
    public List<Container> listContainers(ContainerFilter filter) {
        return containers.list(filter);
    }

    @Override
    public Outcome<ExecResult> execSync(String containerId, List<String> cmd, Duration timeout) {
        return switch (containers.execTarget(containerId)) {
            case Outcome.Failed<ContainerExec.Target> f -> Outcome.failed(f.reason(), f.message());
            case Outcome.Ok<ContainerExec.Target>(var target) -> Outcome.ok(ContainerExec.execSync(target, cmd, timeout));
        };
    }

    @Override
    public Outcome<ExecSession> exec(String containerId, ExecRequest request) {
        return switch (containers.execTarget(containerId)) {
            case Outcome.Failed<ContainerExec.Target> f -> Outcome.failed(f.reason(), f.message());
            case Outcome.Ok<ContainerExec.Target>(var target) -> Outcome.ok(ContainerExec.exec(target, request));
        };
    }

    @Override
    public Outcome<ExecSession> attach(String containerId, boolean stdin) {
        return containers.attach(containerId, stdin);
    }

    @Override
    public void reopenContainerLog(String containerId) {
        containers.reopenLog(containerId);
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

    /** Stops the log pumps; pods keep running (a new instance on the same data dir adopts them). */
    @Override
    public void close() {
        containers.close();
    }

    boolean containerRunning(String id) {
        return containers.status(id).map(c -> c.state() == ContainerState.CONTAINER_RUNNING).orElse(false);
    }
}
