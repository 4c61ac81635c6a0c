package io.j8s.runtime.process;

import io.j8s.runtime.LinuxResources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cgroup hierarchies of this machine, and cgroups made in them: cgroup v2 when the memory
 * controller is on the unified hierarchy, else cgroup v1 (memory, cpu, pids hierarchies, as on a
 * hybrid host), else none. A cgroup is named by a path relative to every hierarchy's root
 * ({@code /j8s/pod<uid>/<container id>}), as the kubelet names them.
 */
final class Cgroups {
    enum Version { V1, V2, NONE }

    /**
     * Where hierarchies are mounted when none is and /sys/fs/cgroup cannot take them: outside any
     * data directory, so that nothing deleting a data directory ever walks into a cgroup file system.
     */
    static final Path MOUNT_BASE = Path.of("/run/j8s/cgroup");

    private final Version version;
    /** Controller name ("memory", "cpu", "pids", or "" for v2's single hierarchy) → mount point. */
    private final Map<String, Path> hierarchies;

    private Cgroups(Version version, Map<String, Path> hierarchies) {
        this.version = version;
        this.hierarchies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hierarchies)); // memory first
    }

    static Cgroups none() {
        return new Cgroups(Version.NONE, Map.of());
    }

    /**
     * The hierarchies mounted here; when none is (under {@code ip netns exec}, which remounts
     * {@code /sys}, as in the acceptance lab's nodes), mounts the ones this process belongs to
     * (from {@code /proc/self/cgroup}) under {@code mountBase}, in this mount namespace only.
     */
    static Cgroups detect(Path mountBase) {
        Cgroups found = detect();
        if (found.version != Version.NONE || mountBase == null) {
            return found;
        }
        // Under `ip netns exec` /sys is a fresh sysfs with an empty /sys/fs/cgroup: restore the
        // usual layout there (a tmpfs, in this mount namespace only), leaving nothing on disk.
        Path standard = Path.of("/sys/fs/cgroup");
        if (isEmptyDirectory(standard) && Cmd.run("mount", "-t", "tmpfs", "-o", "mode=0755", "cgroup", standard.toString()).ok()) {
            mountBase = standard;
        }
        List<String> memberships;
        try {
            memberships = Files.readAllLines(Path.of("/proc/self/cgroup"));
        } catch (IOException e) {
            return found;
        }
        boolean v1 = false;
        for (String line : memberships) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).stream().anyMatch(List.of("memory", "cpu", "pids")::contains)) {
                v1 |= mount(mountBase.resolve(f[1]), "cgroup", f[1]);
            }
        }
        if (!v1 && memberships.stream().anyMatch(l -> l.startsWith("0::"))) {
            mount(mountBase.resolve("unified"), "cgroup2", null);
        }
        return detect();
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean mount(Path dir, String type, String options) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return false;
        }
        var argv = new ArrayList<>(List.of("mount", "-t", type));
        if (options != null) {
            argv.addAll(List.of("-o", options));
        }
        argv.addAll(List.of("j8s-" + type, dir.toString()));
        return Cmd.run(argv, null).ok();
    }

    static Cgroups detect() {
        List<String> mounts;
        try {
            mounts = Files.readAllLines(Path.of("/proc/self/mounts"));
        } catch (IOException e) {
            return none();
        }
        var v1 = new java.util.TreeMap<String, Path>(java.util.Comparator.comparing((String c) -> !c.equals("memory"))
                .thenComparing(c -> c));
        Path v2 = null;
        for (String line : mounts) {
            String[] f = line.split(" ");
            if (f.length < 4) {
                continue;
            }
            if (f[2].equals("cgroup2")) {
                v2 = Path.of(f[1]);
            } else if (f[2].equals("cgroup")) {
                for (String option : f[3].split(",")) {
                    if (option.equals("memory") || option.equals("cpu") || option.equals("pids")) {
                        v1.putIfAbsent(option, Path.of(f[1]));
                    }
                }
            }
        }
        if (v2 != null && controllers(v2).contains("memory")) {
            return new Cgroups(Version.V2, Map.of("", v2));
        }
        if (v1.containsKey("memory")) {
            return new Cgroups(Version.V1, v1);
        }
        return none();
    }

    private static List<String> controllers(Path v2root) {
        try {
            return List.of(Files.readString(v2root.resolve("cgroup.controllers")).trim().split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }

    Version version() {
        return version;
    }

    /** The cgroup at {@code path} (made or not). */
    Cgroup at(String path) {
        var dirs = new ArrayList<Path>();
        hierarchies.forEach((controller, root) -> dirs.add(root.resolve(path.substring(1))));
        return new Cgroup(version, path, List.copyOf(dirs));
    }

    /** Makes the cgroup at {@code path} (and its parents) and sets its limits. */
    Cgroup create(String path, LinuxResources resources) {
        Cgroup cgroup = at(path);
        if (version == Version.NONE) {
            return cgroup;
        }
        try {
            if (version == Version.V2) {
                Path root = hierarchies.get("");
                Path dir = root;
                for (Path name : Path.of(path.substring(1))) {
                    enableControllers(dir);
                    dir = dir.resolve(name);
                    Files.createDirectories(dir);
                }
            } else {
                for (Path dir : cgroup.dirs()) {
                    Files.createDirectories(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cgroup " + path, e);
        }
        cgroup.apply(resources);
        return cgroup;
    }

    private static void enableControllers(Path dir) {
        var wanted = new StringBuilder();
        List<String> available = controllers(dir);
        for (String c : List.of("memory", "cpu", "pids")) {
            if (available.contains(c)) {
                wanted.append(" +").append(c);
            }
        }
        if (!wanted.isEmpty()) {
            try {
                Files.writeString(dir.resolve("cgroup.subtree_control"), wanted.toString().trim());
            } catch (IOException e) {
                // already enabled, or a parent with processes (v2's no-internal-process rule)
            }
        }
    }

    /** One cgroup, across the hierarchies. */
    record Cgroup(Version version, String path, List<Path> dirs) {

        /** Files a process writes "0" to, to move itself into this cgroup. */
        List<Path> procsFiles() {
            return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
        }

        /** The pids in it (every hierarchy holds the same processes; the first is read). */
        List<Long> pids() {
            if (dirs.isEmpty()) {
                return List.of();
            }
            try {
                return Files.readAllLines(dirs.getFirst().resolve("cgroup.procs")).stream()
                        .filter(s -> !s.isBlank()).map(Long::parseLong).toList();
            } catch (IOException e) {
                return List.of();
            }
        }

        void apply(LinuxResources r) {
            if (r.isEmpty()) {
                return;
            }
            if (version == Version.V2) {
                Path d = dirs.getFirst();
                if (r.memoryLimitInBytes() > 0) {
                    write(d.resolve("memory.max"), Long.toString(r.memoryLimitInBytes()));
                    write(d.resolve("memory.swap.max"), "0");
                }
                if (r.cpuShares() > 0) {
                    long weight = 1 + ((Math.max(2, r.cpuShares()) - 2) * 9999) / 262142;
                    write(d.resolve("cpu.weight"), Long.toString(weight));
                }
                if (r.cpuQuota() > 0 || r.cpuPeriod() > 0) {
                    long period = r.cpuPeriod() > 0 ? r.cpuPeriod() : 100_000;
                    write(d.resolve("cpu.max"), (r.cpuQuota() > 0 ? Long.toString(r.cpuQuota()) : "max") + " " + period);
                }
                return;
            }
            for (Path d : dirs) {
                if (Files.exists(d.resolve("memory.limit_in_bytes")) && r.memoryLimitInBytes() > 0) {
                    write(d.resolve("memory.limit_in_bytes"), Long.toString(r.memoryLimitInBytes()));
                    if (Files.exists(d.resolve("memory.memsw.limit_in_bytes"))) {
                        write(d.resolve("memory.memsw.limit_in_bytes"), Long.toString(r.memoryLimitInBytes()));
                    }
                }
                if (Files.exists(d.resolve("cpu.shares"))) {
                    if (r.cpuShares() > 0) {
                        write(d.resolve("cpu.shares"), Long.toString(Math.max(2, r.cpuShares())));
                    }
                    if (r.cpuPeriod() > 0) {
                        write(d.resolve("cpu.cfs_period_us"), Long.toString(r.cpuPeriod()));
                    }
                    if (r.cpuQuota() > 0) {
                        write(d.resolve("cpu.cfs_quota_us"), Long.toString(r.cpuQuota()));
                    }
                }
            }
        }

        /** Whether the kernel's OOM killer killed a process of this cgroup. */
        boolean oomKilled() {
            for (Path d : dirs) {
                Path f = d.resolve(version == Version.V2 ? "memory.events" : "memory.oom_control");
                Optional<Long> kills = counter(f, "oom_kill");
                if (kills.isPresent() && kills.get() > 0) {
                    return true;
                }
            }
            return false;
        }

        private static Optional<Long> counter(Path file, String name) {
            try {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length == 2 && f[0].equals(name)) {
                        return Optional.of(Long.parseLong(f[1]));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no such cgroup or counter
            }
            return Optional.empty();
        }

        /** SIGKILLs every process in it, until it is empty (bounded: a fork bomb may win). */
        void killAll() {
            if (dirs.isEmpty()) {
                return;
            }
            Path kill = dirs.getFirst().resolve("cgroup.kill");
            if (version == Version.V2 && Files.exists(kill)) {
                write(kill, "1");
            }
            for (int round = 0; round < 100; round++) {
                List<Long> pids = pids();
                if (pids.isEmpty()) {
                    return;
                }
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Removes the cgroup's directories (they must be empty of processes). */
        void remove() {
            for (Path d : dirs) {
                try {
                    Files.deleteIfExists(d);
                } catch (IOException e) {
                    // still busy: left for the next removal
                }
            }
        }

        private static void write(Path file, String value) {
            try {
                Files.writeString(file, value);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + value + " to " + file, e);
            }
        }
    }
}
