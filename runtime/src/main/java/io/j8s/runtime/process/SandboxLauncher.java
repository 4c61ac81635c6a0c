package io.j8s.runtime.process;

import io.j8s.runtime.Outcome;
import io.j8s.runtime.PodSandboxConfig;
import io.j8s.runtime.PodSandboxConfig.NamespaceMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a sandbox's holder (the {@code pause} container's job): a process made with
 * {@code unshare} in new mount, UTS, IPC, network and PID namespaces, which sets the pod up and
 * then only waits, as PID 1 of the pod, reaping orphans. Containers join its namespaces with
 * {@code nsenter}. Killing it (SIGKILL) kills every process of the pod and frees its network
 * namespace.
 *
 * <p>The pod's root: an overlay whose lower layer is the host's {@code /} and whose upper layer
 * is a tmpfs of {@code rootfsSize}, so the pod sees the host's files but its writes (and the
 * mount points of its volumes) stay in the pod and vanish with it. {@code /dev} is the host's,
 * {@code /dev/shm}, {@code /proc} and {@code /sys} are the pod's own, and {@code /etc/hosts},
 * {@code /etc/hostname}, {@code /etc/resolv.conf} are bind mounts of the sandbox directory's
 * files. The host's root stays reachable at {@code /.j8s-oldroot} in the holder's mount
 * namespace only: containers take their volumes from it, then unmount it from their own.
 */
final class SandboxLauncher {
    static final String OLD_ROOT = "/.j8s-oldroot";

    // $1 sandbox dir, $2 hostname ("" keeps the node's UTS), $3 tmpfs size, $4 "1": own IPC.
    private static final String HOLDER = """
            set -e
            d=$1; h=$2; size=$3; ipc=$4
            read -r p _ </proc/self/stat
            [ -n "$h" ] && hostname "$h"
            mkdir -p "$d/rootfs"
            mount -t tmpfs -o "size=$size,mode=0755" j8s-pod "$d/rootfs"
            mkdir "$d/rootfs/upper" "$d/rootfs/work" "$d/rootfs/merged"
            r=$d/rootfs/merged
            mount -t overlay j8s-pod -o "lowerdir=/,upperdir=$d/rootfs/upper,workdir=$d/rootfs/work" "$r"
            mount --rbind /dev "$r/dev"
            [ "$ipc" = 1 ] && mount -t tmpfs -o mode=1777 shm "$r/dev/shm"
            mount -t sysfs sysfs "$r/sys" 2>/dev/null || mount --rbind /sys "$r/sys"
            mount -t proc proc "$r/proc"
            for f in hosts hostname resolv.conf; do
              if [ -L "$r/etc/$f" ]; then rm -f "$r/etc/$f"; fi
              [ -e "$r/etc/$f" ] || : >"$r/etc/$f"
              mount --bind "$d/$f" "$r/etc/$f"
            done
            mkdir -p "$r%1$s"
            cd "$r"
            pivot_root . "./%1$s"
            cd /
            echo "$p" >"%1$s$d/holder.pid"
            exec 0</dev/null >/dev/null 2>&1
            while :; do sleep 3600 & wait; done
            """.formatted(OLD_ROOT);

    private final Duration startTimeout;
    private final String rootfsSize;

    SandboxLauncher(Duration startTimeout, String rootfsSize) {
        this.startTimeout = startTimeout;
        this.rootfsSize = rootfsSize;
    }

    /** The holder's pid once the pod is set up, or why it could not be. */
    Outcome<Long> start(Path dir, PodSandboxConfig config) {
        var ns = config.linux().namespaceOptions();
        var argv = new ArrayList<>(List.of("setsid", "unshare", "--mount", "--propagation", "private"));
        if (!ns.hostNetwork()) {
            argv.addAll(List.of("--net", "--uts"));
        }
        if (ns.ipc() != NamespaceMode.NODE) {
            argv.add("--ipc");
        }
        if (ns.pid() != NamespaceMode.NODE) {
            argv.addAll(List.of("--pid", "--fork"));
        }
        argv.addAll(List.of("--", "/bin/sh", "-c", HOLDER, "j8s-pause", dir.toString(),
                ns.hostNetwork() ? "" : config.hostname(), rootfsSize, ns.ipc() != NamespaceMode.NODE ? "1" : ""));
        Path log = dir.resolve("holder.log");
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            return Outcome.failed(Outcome.FAILED_CREATE_POD_SANDBOX, "cannot start the sandbox: " + e.getMessage());
        }
        Path pidFile = dir.resolve("holder.pid");
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            String pid = read(pidFile);
            if (!pid.isEmpty() && pid.endsWith("\n")) {
                return Outcome.ok(Long.parseLong(pid.trim()));
            }
            if (!process.isAlive()) {
                return Outcome.failed(Outcome.FAILED_CREATE_POD_SANDBOX,
                        "the sandbox's holder exited (" + process.exitValue() + "): " + read(log).trim());
            }
            pause();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return Outcome.failed(Outcome.FAILED_CREATE_POD_SANDBOX,
                "the sandbox was not ready within " + startTimeout + ": " + read(log).trim());
    }

    /** Writes the files the pod's /etc shows, before the holder bind-mounts them. */
    static void writeEtcFiles(Path dir, PodSandboxConfig config, String ip) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("hostname"), config.hostname() + "\n");
            Files.writeString(dir.resolve("resolv.conf"), config.dnsConfig().isHost()
                    ? hostResolvConf() : config.dnsConfig().resolvConf());
            writeHosts(dir, config, ip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * (Re)writes the pod's /etc/hosts in place (the same inode stays bind-mounted), as the kubelet's
     * managed hosts file reads.
     */
    static void writeHosts(Path dir, PodSandboxConfig config, String ip) throws IOException {
        var hosts = new StringBuilder("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n"
                + "fe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n");
        if (!ip.isEmpty()) {
            hosts.append(ip).append('\t').append(config.hostname()).append('\n');
        }
        Files.writeString(dir.resolve("hosts"), hosts);
    }

    private static String hostResolvConf() {
        try {
            return Files.readString(Path.of("/etc/resolv.conf"));
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }

    static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
