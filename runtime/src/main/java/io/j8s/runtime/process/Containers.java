package io.j8s.runtime.process;

import io.j8s.runtime.Container;
import io.j8s.runtime.ContainerConfig;
import io.j8s.runtime.ContainerFilter;
import io.j8s.runtime.ContainerState;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.ExecSession;
import io.j8s.runtime.Outcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The containers of a {@link ProcessRuntime}: their records, their log pumps, and the status
 * each one's files tell. A container's truth is on disk: {@code main.pid} once its process runs,
 * {@code exit} once the monitor saw it end; the record adds what the runtime decided.
 */
final class Containers implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Containers.class);

    private final StateStore store;
    private final Cgroups cgroups;
    private final Host host;
    private final ProcessRuntimeConfig config;
    private final Function<String, SandboxRecord> sandboxes;
    private final Map<String, ContainerRecord> records = new ConcurrentHashMap<>();
    private final Map<String, LogPump> pumps = new ConcurrentHashMap<>();
    /** Final statuses of exited containers: nothing about them changes any more. */
    private final Map<String, ContainerStatus> finished = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    Containers(StateStore store, Cgroups cgroups, Host host, ProcessRuntimeConfig config,
               Function<String, SandboxRecord> sandboxes) {
        this.store = store;
        this.cgroups = cgroups;
        this.host = host;
        this.config = config;
        this.sandboxes = sandboxes;
    }

    /** Loads the records of a previous instance and resumes pumping the logs of running ones. */
    void adopt() {
        for (ContainerRecord r : store.loadContainers()) {
            records.put(r.id(), r);
            if (r.startedAt() != null && exitCode(r.id()).isEmpty()) {
                try {
                    pumps.put(r.id(), LogPump.adopt(r.id(), store.containerDir(r.id()), r.logPath(), config.clock()));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Cannot resume the log of container {}: {}", r.id().substring(0, 12), e.getMessage());
                }
            }
        }
    }

    int count() {
        return records.size();
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    List<String> inSandbox(String sandboxId) {
        return records.values().stream().filter(r -> r.sandboxId().equals(sandboxId)).map(ContainerRecord::id).toList();
    }

    Outcome<String> create(SandboxRecord s, ContainerConfig config, String imageRef) {
        String id = ProcessRuntime.newId();
        Path dir = store.containerDir(id);
        try {
            for (ContainerConfig.Mount m : config.mounts()) {
                if (!Files.exists(m.hostPath())) {
                    Files.createDirectories(m.hostPath());
                }
            }
            ContainerLauncher.prepare(dir, config.stdin());
        } catch (IOException e) {
            store.deleteContainer(id);
            return Outcome.failed(Outcome.CREATE_CONTAINER_ERROR, "cannot prepare the container: " + e.getMessage());
        }
        var r = new ContainerRecord(id, s.id(), config, s.config().logDirectory().resolve(config.logPath()), imageRef,
                this.config.clock().instant(), s.cgroupPath() + "/" + id, null, 0, 0, 0, 0, null, null);
        store.save(r);
        records.put(id, r);
        return Outcome.ok(id);
    }

    Outcome<Void> start(String id) {
        synchronized (lock(id)) {
            ContainerRecord r = records.get(id);
            if (r == null) {
                return Outcome.failed(Outcome.NOT_FOUND, "container " + id + " not found");
            }
            if (r.startedAt() != null || r.startError() != null) {
                return Outcome.failed(Outcome.RUN_CONTAINER_ERROR, "container " + id + " is not in created state");
            }
            SandboxRecord s = sandboxes.apply(r.sandboxId());
            if (s == null || s.stopped()) {
                return Outcome.failed(Outcome.RUN_CONTAINER_ERROR, "pod sandbox " + r.sandboxId() + " is not ready");
            }
            Optional<String> missing = missingExecutable(r.config(), s);
            if (missing.isPresent()) {
                return failStart(r, missing.get());
            }
            if (s.isolated() && cgroups.version() == Cgroups.Version.NONE && !r.config().resources().isEmpty()) {
                return failStart(r, "cannot enforce cpu or memory limits: no cgroup hierarchy is mounted");
            }
            Path dir = store.containerDir(id);
            Process monitor;
            LogPump pump;
            try {
                pump = LogPump.beforeStart(id, dir, r.logPath(), config.clock());
            } catch (IOException | RuntimeException e) {
                return failStart(r, "cannot open the container's log: " + e.getMessage());
            }
            pumps.put(id, pump);
            try {
                Cgroups.Cgroup cgroup = s.isolated() ? cgroups.create(r.cgroupPath(), r.config().resources()) : cgroups.at("/");
                monitor = ContainerLauncher.start(dir, r, s, cgroup, host.hasSetsid());
            } catch (IOException | RuntimeException e) {
                pump.started();
                return failStart(r, "cannot start the container: " + e.getMessage());
            }
            Path pidFile = dir.resolve("main.pid");
            boolean up = waitFor(() -> read(pidFile).endsWith("\n") || !monitor.isAlive(), config.startTimeout());
            pump.started(); // main.pid is written after the container opened its FIFOs
            String pid = read(pidFile).trim();
            if (!up || pid.isEmpty()) {
                ContainerExec.kill(monitor);
                return failStart(r, "the container did not start: " + read(dir.resolve("monitor.log")).trim());
            }
            long mainPid = Long.parseLong(pid);
            ContainerRecord started = r.started(config.clock().instant(), monitor.pid(),
                    Proc.startTime(monitor.pid()).orElse(0L), mainPid, Proc.startTime(mainPid).orElse(0L));
            store.save(started);
            records.put(id, started);
            LOG.info("Started container {} ({}) in sandbox {}", id.substring(0, 12), r.config().metadata().name(),
                    r.sandboxId().substring(0, 12));
            return Outcome.done();
        }
    }

    private Outcome<Void> failStart(ContainerRecord r, String message) {
        ContainerRecord failed = r.failedToStart(message, config.clock().instant());
        store.save(failed);
        records.put(r.id(), failed);
        return Outcome.failed(Outcome.RUN_CONTAINER_ERROR, message);
    }

    /**
     * Why the command cannot run, as runc says it; empty when it can (or cannot be known: an
     * absolute path that may exist only inside the pod's own root).
     */
    private static Optional<String> missingExecutable(ContainerConfig c, SandboxRecord s) {
        String command = c.command().getFirst();
        if (command.startsWith("/")) {
            for (ContainerConfig.Mount m : c.mounts()) {
                if (Path.of(command).startsWith(m.containerPath())) {
                    command = m.hostPath().resolve(m.containerPath().relativize(Path.of(command))).toString();
                    break;
                }
            }
            if (s.isolated() && !Files.exists(Path.of(command))) {
                return Optional.empty();
            }
        }
        var env = ContainerLauncher.environment(c, s.config().hostname());
        if (ContainerLauncher.resolvable(command, env, c.workingDir())) {
            return Optional.empty();
        }
        return Optional.of("exec: \"" + c.command().getFirst() + "\": executable file not found in $PATH");
    }

    void stop(String id, Duration timeout) {
        synchronized (lock(id)) {
            ContainerRecord r = records.get(id);
            if (r == null || r.startedAt() == null || exitCode(id).isPresent()) {
                return;
            }
            // Exited, or (monitor gone too: a reboot, a kill -9 of the monitor) nothing left to wait for.
            BooleanSupplier over = () -> exitCode(id).isPresent()
                    || !Proc.alive(r.monitorPid(), r.monitorStart()) && !Proc.alive(r.mainPid(), r.mainStart());
            if (Proc.alive(r.mainPid(), r.mainStart())) {
                Proc.signal(r.mainPid(), "TERM");
            }
            if (!waitFor(over, timeout)) {
                SandboxRecord s = sandboxes.apply(r.sandboxId());
                if (s != null && s.isolated()) {
                    cgroups.at(r.cgroupPath()).killAll();
                } else {
                    Proc.signalGroup(r.mainPid(), "KILL");
                }
                if (Proc.alive(r.mainPid(), r.mainStart())) {
                    Proc.signal(r.mainPid(), "KILL");
                }
                waitFor(over, Duration.ofSeconds(10));
            }
            if (exitCode(id).isEmpty()) {
                // No monitor recorded an exit code: record the kill ourselves.
                Cmd.writeAtomically(store.containerDir(id).resolve("exit"), "137\n");
            }
            LOG.info("Stopped container {} ({})", id.substring(0, 12), r.config().metadata().name());
        }
    }

    void remove(String id) {
        synchronized (lock(id)) {
            ContainerRecord r = records.get(id);
            if (r == null) {
                return;
            }
            stop(id, Duration.ZERO);
            LogPump pump = pumps.remove(id);
            if (pump != null) {
                pump.drain(500);
                pump.close();
            }
            SandboxRecord s = sandboxes.apply(r.sandboxId());
            if (s == null || s.isolated()) {
                cgroups.at(r.cgroupPath()).remove();
            }
            store.deleteContainer(id);
            records.remove(id);
            finished.remove(id);
        }
        locks.remove(id);
    }

    /** The exit code the monitor recorded, once it has. */
    private Optional<Integer> exitCode(String id) {
        String text = read(store.containerDir(id).resolve("exit")).trim();
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    Optional<ContainerStatus> status(String id) {
        ContainerStatus done = finished.get(id);
        if (done != null) {
            return Optional.of(done);
        }
        ContainerRecord r = records.get(id);
        if (r == null) {
            return Optional.empty();
        }
        ContainerState state;
        int code = 0;
        String reason = "";
        String message = "";
        Instant finishedAt = null;
        Optional<Integer> exit = exitCode(id);
        if (r.startError() != null) {
            state = ContainerState.CONTAINER_EXITED;
            code = 128;
            reason = ContainerStatus.START_ERROR;
            message = r.startError();
            finishedAt = r.startErrorAt();
        } else if (r.startedAt() == null) {
            state = ContainerState.CONTAINER_CREATED;
        } else if (exit.isPresent()) {
            state = ContainerState.CONTAINER_EXITED;
            code = exit.get();
            SandboxRecord s = sandboxes.apply(r.sandboxId());
            boolean oom = (s == null || s.isolated()) && cgroups.at(r.cgroupPath()).oomKilled();
            reason = oom ? ContainerStatus.OOM_KILLED : code == 0 ? ContainerStatus.COMPLETED : ContainerStatus.ERROR;
            finishedAt = modified(store.containerDir(id).resolve("exit"));
        } else if (Proc.alive(r.mainPid(), r.mainStart()) || Proc.alive(r.monitorPid(), r.monitorStart())) {
            state = ContainerState.CONTAINER_RUNNING;
        } else {
            state = ContainerState.CONTAINER_UNKNOWN;
            reason = "Unknown";
            message = "the container's processes are gone and left no exit code";
        }
        var status = new ContainerStatus(id, r.sandboxId(), r.config().metadata(), state, r.createdAt(),
                Optional.ofNullable(r.startedAt()), Optional.ofNullable(finishedAt), code, r.config().image(),
                r.imageRef(), reason, message, r.config().labels(), r.config().annotations(), r.config().mounts(),
                r.logPath(), r.config().resources());
        if (state == ContainerState.CONTAINER_EXITED) {
            LogPump pump = pumps.remove(id);
            if (pump != null) { // the log is complete once the pumps have drained the FIFOs
                pump.drain(1000);
                pump.close();
            }
            finished.put(id, status);
        }
        return Optional.of(status);
    }

    List<Container> list(ContainerFilter filter) {
        return records.values().stream()
                .map(r -> status(r.id()).orElse(null))
                .filter(s -> s != null && filter.matches(s.id(), s.state(), s.podSandboxId(), s.labels()))
                .map(s -> new Container(s.id(), s.podSandboxId(), s.metadata(), s.image(), s.imageRef(), s.state(),
                        s.createdAt(), s.labels(), s.annotations()))
                .toList();
    }

    private Outcome<ContainerRecord> running(String id) {
        ContainerRecord r = records.get(id);
        if (r == null) {
            return Outcome.failed(Outcome.NOT_FOUND, "container " + id + " not found");
        }
        if (!status(id).map(ContainerStatus::running).orElse(false)) {
            return Outcome.failed(Outcome.CONTAINER_NOT_RUNNING, "container " + id + " is not running");
        }
        return Outcome.ok(r);
    }

    Outcome<ContainerExec.Target> execTarget(String id) {
        return switch (running(id)) {
            case Outcome.Failed<ContainerRecord> f -> Outcome.failed(f.reason(), f.message());
            case Outcome.Ok<ContainerRecord>(ContainerRecord r) -> {
                SandboxRecord s = sandboxes.apply(r.sandboxId());
                boolean isolated = s != null && s.isolated();
                yield Outcome.ok(new ContainerExec.Target(isolated, r.mainPid(),
                        isolated ? cgroups.at(r.cgroupPath()).procsFiles() : List.of(),
                        ContainerLauncher.environment(r.config(), s == null ? "" : s.config().hostname()),
                        r.config().workingDir()));
            }
        };
    }

    Outcome<ExecSession> attach(String id, boolean stdin) {
        return switch (running(id)) {
            case Outcome.Failed<ContainerRecord> f -> Outcome.failed(f.reason(), f.message());
            case Outcome.Ok<ContainerRecord>(ContainerRecord r) -> {
                Path fifo = stdin && r.config().stdin() ? store.containerDir(id).resolve("stdin") : null;
                yield Outcome.ok(new AttachSession(r.logPath(), fifo,
                        () -> status(id).map(ContainerStatus::running).orElse(false),
                        () -> status(id).map(ContainerStatus::exitCode).orElse(0), Duration.ofMillis(100)));
            }
        };
    }

    void reopenLog(String id) {
        LogPump pump = pumps.get(id);
        if (pump != null) {
            pump.reopen();
        }
    }

    @Override
    public void close() {
        pumps.values().forEach(LogPump::close);
        pumps.clear();
    }

    static boolean waitFor(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return condition.getAsBoolean();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }

    private static Instant modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
