package io.j8s.runtime.process;

import io.j8s.runtime.ContainerConfig;
import io.j8s.runtime.ContainerConfig.KeyValue;
import io.j8s.runtime.ContainerConfig.Mount;
import io.j8s.runtime.PodSandboxConfig.NamespaceMode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a container's processes. Three layers, so a container outlives the runtime's JVM:
 * <ol>
 * <li>the <b>monitor</b> ({@code sh}, in its own session, outside the pod): starts the container
 * with its stdout/stderr on FIFOs ({@code stdout}, {@code stderr}, opened read-write so the
 * container never gets SIGPIPE while no one reads) and its stdin on a FIFO or
 * {@code /dev/null}; waits for it; kills what is left of it (its cgroup, or its process group);
 * then writes the exit code to the file {@code exit}. The runtime reads that file, whoever
 * started the container.</li>
 * <li>the <b>entry</b>: {@code nsenter} into the holder's PID, network, UTS, IPC namespaces, where
 * a shell joins the container's cgroup, writes its host pid to {@code main.pid} and enters the
 * pod's mount namespace and a private copy of it ({@code unshare -m});</li>
 * <li>the <b>container script</b>: bind-mounts the volumes, unmounts the host root, changes to the
 * working directory and {@code exec}s the command with exactly its environment.</li>
 * </ol>
 * The main process keeps the entry shell's pid through every {@code exec}, so {@code main.pid}
 * is the process to SIGTERM. In host mode (no isolation) the entry is {@code setsid}, making
 * the container a process group the monitor can kill whole.
 */
final class ContainerLauncher {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    // $1 container dir, $2 a cgroup.procs file to empty after the main process ends ("" in host
    // mode: its process group is killed instead); then the entry's argv.
    private static final String MONITOR = """
            d=$1; procs=$2; shift 2
            cd "$d" || exit 125
            if [ -p stdin ]; then "$@" 0<>stdin 1<>stdout 2<>stderr &
            else "$@" </dev/null 1<>stdout 2<>stderr &
            fi
            child=$!
            wait "$child"; rc=$?
            if [ -n "$procs" ]; then
              i=0
              while [ $i -lt 200 ]; do
                pids=$(cat "$procs" 2>/dev/null)
                [ -z "$pids" ] && break
                kill -9 $pids 2>/dev/null
                i=$((i + 1)); sleep 0.05
              done
            else
              kill -9 "-$child" 2>/dev/null
            fi
            echo "$rc" >exit.tmp && mv exit.tmp exit
            """;

    // In the pod's PID/net/UTS/IPC namespaces, still in the host's mount namespace:
    // $1 holder pid, $2 container script, then the cgroup.procs files to join.
    private static final String ENTRY = """
            h=$1; s=$2; shift 2
            for f; do echo 0 >"$f" || exit 126; done
            read -r p _ </proc/self/stat
            echo "$p" >main.pid
            exec nsenter -t "$h" -m -r -- unshare -m -- /bin/sh -c "$s" j8s-container
            """;

    private ContainerLauncher() {
    }

    /** Makes the container's FIFOs in its directory. */
    static void prepare(Path dir, boolean stdin) throws IOException {
        Files.createDirectories(dir);
        var fifos = new ArrayList<>(List.of("stdout", "stderr"));
        if (stdin) {
            fifos.add("stdin");
        }
        for (String f : fifos) {
            if (!Files.exists(dir.resolve(f))) {
                Cmd.Result r = Cmd.run("mkfifo", "-m", "0600", dir.resolve(f).toString());
                if (!r.ok()) {
                    throw new IOException("mkfifo " + f + ": " + r.output());
                }
            }
        }
    }

    /** Starts the monitor; the container runs once {@code main.pid} appears. */
    static Process start(Path dir, ContainerRecord c, SandboxRecord sandbox, Cgroups.Cgroup cgroup,
                         boolean setsid) throws IOException {
        var argv = new ArrayList<String>();
        if (setsid) {
            argv.add("setsid");
        }
        argv.addAll(List.of("/bin/sh", "-c", MONITOR, "j8s-monitor", dir.toString()));
        if (sandbox.isolated()) {
            argv.add(cgroup.procsFiles().isEmpty() ? "" : cgroup.procsFiles().getFirst().toString());
            var ns = sandbox.config().linux().namespaceOptions();
            argv.addAll(List.of("nsenter", "-t", Long.toString(sandbox.holderPid())));
            if (ns.pid() != NamespaceMode.NODE) {
                argv.add("-p");
            }
            if (!ns.hostNetwork()) {
                argv.addAll(List.of("-n", "-u"));
            }
            if (ns.ipc() != NamespaceMode.NODE) {
                argv.add("-i");
            }
            argv.addAll(List.of("--", "/bin/sh", "-c", ENTRY, "j8s-entry", Long.toString(sandbox.holderPid()),
                    isolatedScript(c.config(), sandbox.config().hostname())));
            cgroup.procsFiles().forEach(f -> argv.add(f.toString()));
        } else {
            argv.add("");
            if (setsid) {
                argv.add("setsid");
            }
            argv.addAll(List.of("/bin/sh", "-c", "echo $$ >main.pid\n" + hostScript(c.config(), sandbox.config().hostname()),
                    "j8s-container"));
        }
        return new ProcessBuilder(argv).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("monitor.log").toFile()).start();
    }

    /** The container script of an isolated pod: volumes, then the command. */
    static String isolatedScript(ContainerConfig config, String hostname) {
        var s = new StringBuilder("set -e\n");
        for (Mount m : config.mounts()) {
            String target = Cmd.quote(m.containerPath().toString());
            String source = Cmd.quote(SandboxLauncher.OLD_ROOT + m.hostPath());
            if (Files.isDirectory(m.hostPath())) {
                s.append("mkdir -p ").append(target).append('\n');
            } else {
                s.append("mkdir -p ").append(Cmd.quote(m.containerPath().getParent().toString()))
                        .append("; [ -e ").append(target).append(" ] || : >").append(target).append('\n');
            }
            s.append("mount --bind ").append(source).append(' ').append(target).append('\n');
            if (m.readonly()) {
                s.append("mount -o remount,bind,ro ").append(target).append('\n');
            }
        }
        s.append("umount -l ").append(SandboxLauncher.OLD_ROOT).append('\n');
        s.append("set +e\n");
        return s.append(commandLine(config, hostname)).toString();
    }

    /** The container script of a host-mode pod: no mounts are possible, only the command. */
    static String hostScript(ContainerConfig config, String hostname) {
        return commandLine(config, hostname);
    }

    private static String commandLine(ContainerConfig config, String hostname) {
        var s = new StringBuilder();
        s.append("cd ").append(Cmd.quote(config.workingDir().isEmpty() ? "/" : config.workingDir())).append(" || exit 1\n");
        s.append("exec env -i --");
        environment(config, hostname).forEach((k, v) -> s.append(' ').append(Cmd.quote(k + "=" + v)));
        config.argv().forEach(a -> s.append(' ').append(Cmd.quote(a)));
        return s.append('\n').toString();
    }

    /** The container's environment: its own, plus PATH, HOME and HOSTNAME when missing. */
    static Map<String, String> environment(ContainerConfig config, String hostname) {
        var env = new LinkedHashMap<String, String>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOSTNAME", hostname);
        env.put("HOME", "/root");
        for (KeyValue kv : config.envs()) {
            env.put(kv.key(), kv.value());
        }
        return env;
    }

    /** Whether {@code command} can be found the way env(1) will look for it. */
    static boolean resolvable(String command, Map<String, String> env, String workingDir) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            if (!p.isAbsolute()) {
                p = Path.of(workingDir.isEmpty() ? "/" : workingDir).resolve(p);
            }
            return Files.isExecutable(p) && !Files.isDirectory(p);
        }
        for (String dir : env.getOrDefault("PATH", DEFAULT_PATH).split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return true;
            }
        }
        return false;
    }
}
