package io.j8s.kubelet;

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
import io.j8s.runtime.LinuxResources;
import io.j8s.runtime.Outcome;
import io.j8s.runtime.PodSandbox;
import io.j8s.runtime.PodSandboxConfig;
import io.j8s.runtime.PodSandboxFilter;
import io.j8s.runtime.PodSandboxStatus;
import io.j8s.runtime.RuntimeStatus;
import io.j8s.runtime.SandboxState;
import io.j8s.runtime.VersionInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A container runtime in memory that records every call ("create web/main#0", "stop web/main#1 30s")
 * and whose containers run until the test makes them exit. Names in the record are
 * {@code pod/container#attempt}.
 */
public final class FakeRuntime implements ContainerRuntime {

    final class Sandbox {
        final String id;
        final PodSandboxConfig config;
        final Instant created;
        SandboxState state = SandboxState.SANDBOX_READY;
        String ip;

        Sandbox(String id, PodSandboxConfig config, Instant created, String ip) {
            this.id = id;
            this.config = config;
            this.created = created;
            this.ip = ip;
        }
    }

    final class Ctr {
        final String id;
        final String sandboxId;
        final ContainerConfig config;
        final Instant created;
        ContainerState state = ContainerState.CONTAINER_CREATED;
        Instant started;
        Instant finished;
        int exitCode;
        String reason = "";

        Ctr(String id, String sandboxId, ContainerConfig config, Instant created) {
            this.id = id;
            this.sandboxId = sandboxId;
            this.config = config;
            this.created = created;
        }

        String label() {
            return sandboxes.get(sandboxId).config.metadata().name() + "/" + config.metadata().name() + "#" + config.metadata().attempt();
        }
    }

    public final List<String> calls = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
    private final Map<String, Ctr> containers = new LinkedHashMap<>();
    private final Set<String> images = new HashSet<>();
    /** What execSync answers, by container name (default: success). */
    public final Map<String, Function<List<String>, ExecResult>> exec = new HashMap<>();
    /** Commands whose start fails (RunContainerError, exit 128). */
    public final Set<String> failingCommands = new HashSet<>();
    private int nextId;
    private int nextIp = 2;

    public FakeRuntime(Clock clock) {
        this.clock = clock;
    }

    private synchronized String id(String prefix) {
        return prefix + (++nextId);
    }

    // ---- test controls

    /** Makes the latest instance of {@code pod/container} exit with {@code code}. */
    public synchronized void exit(String pod, String container, int code) {
        Ctr c = latest(pod, container).orElseThrow(() -> new IllegalStateException("no container " + pod + "/" + container));
        if (c.state != ContainerState.CONTAINER_RUNNING) throw new IllegalStateException(c.label() + " is not running");
        c.state = ContainerState.CONTAINER_EXITED;
        c.exitCode = code;
        c.reason = code == 0 ? ContainerStatus.COMPLETED : ContainerStatus.ERROR;
        c.finished = clock.instant();
    }

    public synchronized Optional<Ctr> latest(String pod, String container) {
        return containers.values().stream()
                .filter(c -> sandboxes.get(c.sandboxId).config.metadata().name().equals(pod) && c.config.metadata().name().equals(container))
                .reduce((a, b) -> b);
    }

    public synchronized String state(String pod, String container) {
        return latest(pod, container).map(c -> c.state.name()).orElse("none");
    }

    public synchronized String containerId(String pod, String container) {
        return latest(pod, container).orElseThrow().id;
    }

    public synchronized ContainerConfig config(String pod, String container) {
        return latest(pod, container).orElseThrow().config;
    }

    public synchronized int containerCount() {
        return containers.size();
    }

    public synchronized int sandboxCount() {
        return sandboxes.size();
    }

    /** Calls whose text starts with {@code prefix}. */
    public List<String> calls(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    // ---- RuntimeService

    @Override
    public VersionInfo version() {
        return new VersionInfo("0.1.0", "fake", "0.0.1", "v1");
    }

    @Override
    public RuntimeStatus status() {
        return new RuntimeStatus(List.of(new RuntimeStatus.Condition(RuntimeStatus.RUNTIME_READY, true, "", ""),
                new RuntimeStatus.Condition(RuntimeStatus.NETWORK_READY, true, "", "")));
    }

    @Override
    public synchronized Outcome<String> runPodSandbox(PodSandboxConfig config) {
        String id = id("sb");
        sandboxes.put(id, new Sandbox(id, config, clock.instant(), "10.244.0." + nextIp++));
        calls.add("runPodSandbox " + config.metadata().name() + " attempt=" + config.metadata().attempt());
        return Outcome.ok(id);
    }

    @Override
    public synchronized void stopPodSandbox(String id) {
        Sandbox s = sandboxes.get(id);
        if (s == null) return;
        calls.add("stopPodSandbox " + s.config.metadata().name());
        s.state = SandboxState.SANDBOX_NOTREADY;
        s.ip = "";
        for (Ctr c : containers.values()) {
            if (c.sandboxId.equals(id) && c.state == ContainerState.CONTAINER_RUNNING) kill(c, 137);
        }
    }

    private void kill(Ctr c, int code) {
        c.state = ContainerState.CONTAINER_EXITED;
        c.exitCode = code;
        c.reason = ContainerStatus.ERROR;
        c.finished = clock.instant();
    }

    @Override
    public synchronized void removePodSandbox(String id) {
        Sandbox s = sandboxes.remove(id);
        if (s == null) return;
        calls.add("removePodSandbox " + s.config.metadata().name());
        containers.values().removeIf(c -> c.sandboxId.equals(id));
    }

    @Override
    public synchronized Optional<PodSandboxStatus> podSandboxStatus(String id) {
        Sandbox s = sandboxes.get(id);
        if (s == null) return Optional.empty();
        return Optional.of(new PodSandboxStatus(s.id, s.config.metadata(), s.state, s.created, s.ip, List.of(),
                s.config.linux().namespaceOptions(), s.config.labels(), s.config.annotations()));
    }

    @Override
    public synchronized List<PodSandbox> listPodSandbox(PodSandboxFilter filter) {
        List<PodSandbox> out = new ArrayList<>();
        for (Sandbox s : sandboxes.values()) {
            if (filter.matches(s.id, s.state, s.config.labels())) {
                out.add(new PodSandbox(s.id, s.config.metadata(), s.state, s.created, s.config.labels(), s.config.annotations()));
            }
        }
        return out;
    }

    @Override
    public synchronized Outcome<String> createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        Sandbox s = sandboxes.get(sandboxId);
        if (s == null || s.state != SandboxState.SANDBOX_READY) return Outcome.failed(Outcome.CREATE_CONTAINER_ERROR, "sandbox not ready");
        String id = id("c");
        Ctr c = new Ctr(id, sandboxId, config, clock.instant());
        containers.put(id, c);
        calls.add("create " + c.label());
        return Outcome.ok(id);
    }

    @Override
    public synchronized Outcome<Void> startContainer(String id) {
        Ctr c = containers.get(id);
        if (c == null) return Outcome.failed(Outcome.NOT_FOUND, "no container " + id);
        calls.add("start " + c.label());
        if (failingCommands.contains(c.config.command().getFirst())) {
            c.state = ContainerState.CONTAINER_EXITED;
            c.exitCode = 128;
            c.reason = ContainerStatus.START_ERROR;
            c.finished = clock.instant();
            return Outcome.failed(Outcome.RUN_CONTAINER_ERROR, "exec: \"" + c.config.command().getFirst() + "\": executable file not found in $PATH");
        }
        c.state = ContainerState.CONTAINER_RUNNING;
        c.started = clock.instant();
        return Outcome.done();
    }

    @Override
    public synchronized void stopContainer(String id, Duration timeout) {
        Ctr c = containers.get(id);
        if (c == null) return;
        calls.add("stop " + c.label() + " " + timeout.toSeconds() + "s");
        if (c.state == ContainerState.CONTAINER_RUNNING) kill(c, 143);
    }

    @Override
    public synchronized void removeContainer(String id) {
        Ctr c = containers.get(id);
        if (c == null) return;
        calls.add("remove " + c.label());
        containers.remove(id);
    }

    @Override
    public synchronized Optional<ContainerStatus> containerStatus(String id) {
        Ctr c = containers.get(id);
        if (c == null) return Optional.empty();
        Path log = sandboxes.get(c.sandboxId).config.logDirectory().resolve(c.config.logPath());
        return Optional.of(new ContainerStatus(c.id, c.sandboxId, c.config.metadata(), c.state, c.created,
                Optional.ofNullable(c.started), Optional.ofNullable(c.finished), c.exitCode, c.config.image(),
                "sha256:" + c.config.image().image(), c.reason, "", c.config.labels(), c.config.annotations(), c.config.mounts(),
                log, LinuxResources.NONE));
    }

    @Override
    public synchronized List<Container> listContainers(ContainerFilter filter) {
        List<Container> out = new ArrayList<>();
        for (Ctr c : containers.values()) {
            if (filter.matches(c.id, c.state, c.sandboxId, c.config.labels())) {
                out.add(new Container(c.id, c.sandboxId, c.config.metadata(), c.config.image(), "sha256:" + c.config.image().image(),
                        c.state, c.created, c.config.labels(), c.config.annotations()));
            }
        }
        return out;
    }

    @Override
    public Outcome<ExecResult> execSync(String id, List<String> cmd, Duration timeout) {
        String name;
        synchronized (this) {
            Ctr c = containers.get(id);
            if (c == null) return Outcome.failed(Outcome.NOT_FOUND, "no container " + id);
            if (c.state != ContainerState.CONTAINER_RUNNING) return Outcome.failed(Outcome.CONTAINER_NOT_RUNNING, "not running");
            name = c.config.metadata().name();
            calls.add("exec " + c.label() + " " + String.join(" ", cmd));
        }
        var script = exec.get(name);
        return Outcome.ok(script == null ? ExecResult.success() : script.apply(cmd));
    }

    /** A streaming exec runs the command on this machine, as a container would without isolation. */
    @Override
    public Outcome<ExecSession> exec(String containerId, ExecRequest request) {
        synchronized (this) {
            Ctr c = containers.get(containerId);
            if (c == null || c.state != ContainerState.CONTAINER_RUNNING) return Outcome.failed(Outcome.CONTAINER_NOT_RUNNING, "not running");
            calls.add("exec-stream " + c.label() + " " + String.join(" ", request.cmd()));
        }
        try {
            Process p = new ProcessBuilder(request.cmd()).start();
            return Outcome.ok(new ExecSession() {
                @Override
                public java.io.OutputStream stdin() {
                    return p.getOutputStream();
                }

                @Override
                public java.io.InputStream stdout() {
                    return p.getInputStream();
                }

                @Override
                public java.io.InputStream stderr() {
                    return p.getErrorStream();
                }

                @Override
                public void resize(int width, int height) {}

                @Override
                public java.util.concurrent.CompletableFuture<Integer> exitCode() {
                    return p.onExit().thenApply(Process::exitValue);
                }

                @Override
                public void close() {
                    p.destroy();
                }
            });
        } catch (java.io.IOException e) {
            return Outcome.failed(Outcome.NOT_FOUND, e.getMessage());
        }
    }

    @Override
    public Outcome<ExecSession> attach(String containerId, boolean stdin) {
        return Outcome.failed(Outcome.NOT_FOUND, "attach is not faked");
    }

    @Override
    public void reopenContainerLog(String containerId) {}

    @Override
    public void close() {}

    // ---- ImageService

    @Override
    public synchronized List<Image> listImages() {
        return images.stream().map(i -> new Image("sha256:" + i, List.of(i), 0)).toList();
    }

    @Override
    public synchronized Optional<Image> imageStatus(ImageSpec image) {
        return images.contains(image.image()) ? Optional.of(new Image("sha256:" + image.image(), List.of(image.image()), 0)) : Optional.empty();
    }

    @Override
    public synchronized Outcome<String> pullImage(ImageSpec image) {
        calls.add("pull " + image.image());
        if (image.image().startsWith("missing")) return Outcome.failed(Outcome.ERR_IMAGE_PULL, "not found");
        images.add(image.image());
        return Outcome.ok("sha256:" + image.image());
    }

    @Override
    public synchronized void removeImage(ImageSpec image) {
        images.remove(image.image());
    }
}
