package io.j8s.runtime.process;

import io.j8s.runtime.ContainerConfig;
import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.ContainerState;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.ExecRequest;
import io.j8s.runtime.LinuxResources;
import io.j8s.runtime.PodSandboxConfig;
import io.j8s.runtime.RuntimeContract;
import io.j8s.runtime.RuntimeStatus;
import io.j8s.runtime.logs.ContainerLogReader;
import io.j8s.runtime.logs.LogOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The process runtime as root on Linux: namespaces, the pod network, volumes, cgroups. Skipped
 * without root. All traffic stays on a test-only bridge with a private /24 that routes nowhere
 * ({@code 10.244.250.0/24}); the bridge and the test's cgroups are removed afterwards.
 */
class IsolatedRuntimeTest extends RuntimeContract {
    static final String CIDR = "10.244.250.0/24";
    static final String SUFFIX = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    static final String BRIDGE = "j8st" + SUFFIX;
    static final String CGROUP_ROOT = "/j8s-test-" + SUFFIX;

    @TempDir
    Path data;

    @TempDir
    Path volumes;
    private ProcessRuntime runtime;

    @BeforeAll
    static void rootOnly() {
        assumeTrue(Host.detect().canIsolate(), "needs root on Linux with util-linux and iproute2");
    }

    @BeforeEach
    void open() {
        runtime = new ProcessRuntime(config(), Host.detect());
    }

    private ProcessRuntimeConfig config() {
        return ProcessRuntimeConfig.of(data, CIDR, "10.244.250.1").withBridge(BRIDGE, false).withCgroupRoot(CGROUP_ROOT);
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @AfterAll
    static void removeBridgeAndCgroups() {
        if (Files.exists(Path.of("/sys/class/net", BRIDGE))) {
            Cmd.run("ip", "link", "del", BRIDGE);
        }
        Cgroups cgroups = Cgroups.detect(Cgroups.MOUNT_BASE);
        Cgroups.Cgroup root = cgroups.at(CGROUP_ROOT);
        for (Path dir : root.dirs()) {
            if (Files.isDirectory(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).forEach(d -> {
                        cgroups.at("/" + dir.getParent().relativize(d)).killAll();
                        d.toFile().delete();
                    });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    protected ContainerRuntime runtime() {
        return runtime;
    }

    private static ContainerConfig shell(String name, String script) {
        return ContainerConfig.of(name, "busybox", List.of("busybox", "sh", "-c", script));
    }

    private String logOf(String containerId) throws Exception {
        return ContainerLogReader.readAll(status(containerId).logPath(), LogOptions.ALL);
    }

    private String ipOf(String sandboxId) {
        return runtime.podSandboxStatus(sandboxId).orElseThrow().ip();
    }

    @Test
    void saysPodsAreIsolated() {
        assertThat(runtime.status().isTrue(RuntimeStatus.POD_ISOLATION)).isTrue();
    }

    @Test
    void aPodIsReachedOverTheBridgeFromTheNodeAndFromAnotherPod() throws Exception {
        Path site = Files.createDirectories(volumes.resolve("site"));
        Files.writeString(site.resolve("index.html"), "hello from the pod\n");
        PodSandboxConfig web = sandbox("web");
        String webId = run(web);
        start(webId, web, ContainerConfig.of("httpd", "busybox", List.of("busybox", "httpd", "-f", "-p", "8080", "-h", "/srv"))
                .withMounts(List.of(ContainerConfig.Mount.of(site, "/srv", true))));
        String ip = ipOf(webId);
        assertThat(ip).startsWith("10.244.250.").isNotEqualTo("10.244.250.1");
        assertThat(Files.readString(Path.of("/sys/class/net", BridgeNetwork.vethName(webId), "brport", "hairpin_mode")).strip())
                .as("hairpin on the pod's bridge port (a pod reaches itself through its Service)").isEqualTo("1");

        eventually(() -> Cmd.run("curl", "-s", "--max-time", "2", "http://" + ip + ":8080/").output()
                .equals("hello from the pod"));

        PodSandboxConfig client = sandbox("client");
        String clientId = run(client);
        assertThat(ipOf(clientId)).isNotEqualTo(ip);
        String curl = start(clientId, client, ContainerConfig.of("curl", "curl",
                List.of("curl", "-s", "--max-time", "5", "http://" + ip + ":8080/")));
        eventually(() -> status(curl).exited());
        assertThat(status(curl).exitCode()).isZero();
        assertThat(logOf(curl)).isEqualTo("hello from the pod\n");
    }

    @Test
    void aPodHasItsOwnHostnameResolvConfHostsAndLoopback() throws Exception {
        PodSandboxConfig config = sandbox("named").withDnsConfig(new PodSandboxConfig.DnsConfig(
                List.of("10.96.0.10"), List.of("default.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5")));
        String sb = run(config);
        String id = start(sb, config, shell("main",
                "hostname; cat /etc/hostname; cat /etc/resolv.conf; grep named /etc/hosts; busybox ip -o addr show lo | busybox grep -c 127.0.0.1"));
        eventually(() -> status(id).exited());

        assertThat(logOf(id)).isEqualTo("named\nnamed\nsearch default.svc.cluster.local svc.cluster.local\n"
                + "nameserver 10.96.0.10\noptions ndots:5\n" + ipOf(sb) + "\tnamed\n1\n");
        assertThat(Cmd.run("hostname").output()).isNotEqualTo("named");
    }

    @Test
    void volumesAreMountedAtTheirPathsWithoutTouchingTheHost() throws Exception {
        Path config = Files.createDirectories(volumes.resolve("config"));
        Files.writeString(config.resolve("greeting"), "hola");
        Path scratch = Files.createDirectories(volumes.resolve("scratch"));
        String target = "/etc/j8s-test-app-" + SUFFIX;
        PodSandboxConfig pod = sandbox("vols");
        String sb = run(pod);
        String id = start(sb, pod, shell("main", "cat " + target + "/greeting; echo; "
                + "echo written > /data/out && echo wrote-scratch; "
                + "(echo nope > " + target + "/x) 2>/dev/null || echo read-only; "
                + "touch /pod-local-file && echo root-writable")
                .withMounts(List.of(ContainerConfig.Mount.of(config, target, true),
                        ContainerConfig.Mount.of(scratch, "/data", false))));
        eventually(() -> status(id).exited());

        assertThat(logOf(id)).isEqualTo("hola\nwrote-scratch\nread-only\nroot-writable\n");
        assertThat(Files.readString(scratch.resolve("out"))).isEqualTo("written\n");
        assertThat(Path.of(target)).doesNotExist();
        assertThat(Path.of("/pod-local-file")).doesNotExist();
    }

    @Test
    void exceedingTheMemoryLimitIsOomKilled() {
        PodSandboxConfig pod = sandbox("hog");
        String sb = run(pod);
        String id = start(sb, pod, ContainerConfig.of("main", "busybox", List.of("tail", "/dev/zero"))
                .withResources(LinuxResources.memory(32L << 20)));

        eventually(() -> status(id).exited());

        assertThat(status(id).reason()).isEqualTo(ContainerStatus.OOM_KILLED);
        assertThat(status(id).exitCode()).isEqualTo(137);
    }

    @Test
    void cpuLimitsAreWrittenToTheContainersCgroup() {
        PodSandboxConfig pod = sandbox("cpu");
        String sb = run(pod);
        String id = start(sb, pod, sleeper("main").withResources(new LinuxResources(100_000, 50_000, 512, 0)));

        Cgroups cgroups = runtime.cgroups();
        Cgroups.Cgroup cgroup = cgroups.at(CGROUP_ROOT + "/pod" + pod.metadata().uid() + "/" + id);
        String all = cgroup.dirs().stream().map(d -> read(d, "cpu.cfs_quota_us") + read(d, "cpu.shares") + read(d, "cpu.max"))
                .reduce("", String::concat);
        assertThat(all).satisfiesAnyOf(s -> assertThat(s).contains("50000").contains("512"),
                s -> assertThat(s).contains("50000 100000"));
        eventually(() -> cgroup.pids().size() == 1); // the container script's last helpers exit
    }

    private static String read(Path dir, String file) {
        return HostModeRuntimeTest.read(dir.resolve(file));
    }

    @Test
    void everyProcessOfAContainerDiesWithIt() {
        PodSandboxConfig pod = sandbox("forker");
        String sb = run(pod);
        String stopped = start(sb, pod, shell("stopped", "busybox sleep 3600 & busybox sleep 3600 & wait"));
        String exiting = start(sb, pod, shell("exiting", "busybox sleep 3600 & echo started; exit 0"));
        Cgroups.Cgroup stoppedGroup = runtime.cgroups().at(CGROUP_ROOT + "/pod" + pod.metadata().uid() + "/" + stopped);
        Cgroups.Cgroup exitingGroup = runtime.cgroups().at(CGROUP_ROOT + "/pod" + pod.metadata().uid() + "/" + exiting);
        eventually(() -> stoppedGroup.pids().size() == 3);
        List<Long> pids = stoppedGroup.pids();

        runtime.stopContainer(stopped, Duration.ofMillis(200));
        eventually(() -> status(exiting).exited());

        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        assertThat(stoppedGroup.pids()).isEmpty();
        assertThat(exitingGroup.pids()).isEmpty();
    }

    @Test
    void execRunsInsideThePodsNamespacesAndCgroup() throws Exception {
        PodSandboxConfig pod = sandbox("exec-me");
        String sb = run(pod);
        String id = start(sb, pod, sleeper("main").withEnvs(List.of(new ContainerConfig.KeyValue("GREETING", "hi"))));

        var sync = runtime.execSync(id, List.of("busybox", "sh", "-c", "echo $(hostname) $GREETING; cat /proc/1/cmdline | busybox tr '\\0' ' '"),
                Duration.ofSeconds(10)).orElseThrow();
        assertThat(sync.stdoutText()).startsWith("exec-me hi\n/bin/sh -c");

        try (var session = runtime.exec(id, new ExecRequest(List.of("busybox", "cat"), false, true)).orElseThrow()) {
            session.stdin().write("through the pod\n".getBytes());
            session.stdin().close();
            assertThat(new String(session.stdout().readAllBytes())).isEqualTo("through the pod\n");
            assertThat(session.exitCode().get(10, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void execWithATtyGetsATerminalThatCanBeResized() throws Exception {
        PodSandboxConfig pod = sandbox("tty");
        String sb = run(pod);
        String id = start(sb, pod, sleeper("main"));

        try (var session = runtime.exec(id, new ExecRequest(List.of("busybox", "sh", "-c", "read x; stty size"), true, true))
                .orElseThrow()) {
            eventually(() -> {
                session.resize(100, 30);
                return ttySize().equals("30 100");
            });
            session.stdin().write("go\n".getBytes());
            session.stdin().flush();
            assertThat(session.exitCode().get(10, TimeUnit.SECONDS)).isZero();
            assertThat(new String(session.stdout().readAllBytes())).contains("30 100");
        }
    }

    /** The size of the terminal the exec'd shell has, read from the host. */
    private static String ttySize() {
        return ProcessHandle.allProcesses()
                .map(h -> linkTarget(Path.of("/proc", Long.toString(h.pid()), "fd", "0")))
                .filter(t -> t.startsWith("/dev/pts/"))
                .map(t -> Cmd.run("stty", "-F", t, "size").output())
                .filter(size -> size.equals("30 100"))
                .findFirst().orElse("");
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void aSecondRuntimeAdoptsTheRunningPod() throws Exception {
        PodSandboxConfig pod = sandbox("survivor");
        String sb = run(pod);
        String id = start(sb, pod, shell("main", "echo first; read x; echo \"then $x\"; busybox sleep 3600").withStdin(true));
        String ip = ipOf(sb);
        eventually(() -> logOfQuiet(id).equals("first\n"));
        runtime.close();

        runtime = new ProcessRuntime(config(), Host.detect());

        assertThat(ipOf(sb)).isEqualTo(ip);
        assertThat(status(id).state()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(runtime.execSync(id, List.of("hostname"), Duration.ofSeconds(10)).orElseThrow().stdoutText())
                .isEqualTo("survivor\n");
        try (var attach = runtime.attach(id, true).orElseThrow()) {
            attach.stdin().write("adopted\n".getBytes());
            attach.stdin().flush();
            eventually(() -> logOfQuiet(id).equals("first\nthen adopted\n"));
        }
        runtime.stopPodSandbox(sb);
        assertThat(status(id).state()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(runtime.podSandboxStatus(sb).orElseThrow().ip()).isEmpty();
    }

    private String logOfQuiet(String id) {
        try {
            return logOf(id);
        } catch (Exception e) {
            return "";
        }
    }
}
