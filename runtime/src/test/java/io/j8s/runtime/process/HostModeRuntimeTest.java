package io.j8s.runtime.process;

import io.j8s.runtime.ContainerConfig;
import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.ContainerState;
import io.j8s.runtime.ContainerStatus;
import io.j8s.runtime.Outcome;
import io.j8s.runtime.PodSandboxConfig;
import io.j8s.runtime.RuntimeContract;
import io.j8s.runtime.RuntimeStatus;
import io.j8s.runtime.logs.ContainerLogReader;
import io.j8s.runtime.logs.LogOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The process runtime without isolation: runs anywhere, as any user. */
class HostModeRuntimeTest extends RuntimeContract {
    @TempDir
    Path data;
    private ProcessRuntime runtime;

    @BeforeEach
    void open() {
        runtime = new ProcessRuntime(ProcessRuntimeConfig.of(data, null, "127.0.0.1"), Host.unisolated("Test"));
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Override
    protected ContainerRuntime runtime() {
        return runtime;
    }

    private static ContainerConfig shell(String name, String script) {
        return ContainerConfig.of(name, "busybox", List.of("busybox", "sh", "-c", script));
    }

    @Test
    void saysPodsAreNotIsolatedAndUseTheNodeIp() {
        assertThat(runtime.status().condition(RuntimeStatus.POD_ISOLATION).orElseThrow())
                .satisfies(c -> assertThat(c.status()).isFalse())
                .satisfies(c -> assertThat(c.reason()).isEqualTo("Test"));
        String id = run(sandbox("web"));
        assertThat(runtime.podSandboxStatus(id).orElseThrow().ip()).isEqualTo("127.0.0.1");
        assertThat(runtime.podSandboxStatus(id).orElseThrow().namespaceOptions().hostNetwork()).isTrue();
    }

    @Test
    void exitCodesAndReasonsAreReported() {
        PodSandboxConfig config = sandbox("jobs");
        String sb = run(config);
        String ok = start(sb, config, shell("ok", "exit 0"));
        String bad = start(sb, config, shell("bad", "echo about-to-fail; exit 3"));

        eventually(() -> status(ok).exited() && status(bad).exited());

        assertThat(status(ok).exitCode()).isZero();
        assertThat(status(ok).reason()).isEqualTo(ContainerStatus.COMPLETED);
        assertThat(status(bad).exitCode()).isEqualTo(3);
        assertThat(status(bad).reason()).isEqualTo(ContainerStatus.ERROR);
    }

    @Test
    void aMissingExecutableIsAStartError() {
        PodSandboxConfig config = sandbox("web");
        String sb = run(config);
        String id = runtime.createContainer(sb, ContainerConfig.of("main", "busybox", List.of("no-such-command-j8s")), config)
                .orElseThrow();

        Outcome<Void> started = runtime.startContainer(id);

        assertThat(started).isEqualTo(Outcome.failed(Outcome.RUN_CONTAINER_ERROR,
                "exec: \"no-such-command-j8s\": executable file not found in $PATH"));
        assertThat(status(id).state()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(status(id).reason()).isEqualTo(ContainerStatus.START_ERROR);
        assertThat(status(id).exitCode()).isEqualTo(128);
    }

    @Test
    void aContainerWithoutCommandCannotBeCreated() {
        PodSandboxConfig config = sandbox("web");
        String sb = run(config);

        assertThat(runtime.createContainer(sb, ContainerConfig.of("main", "busybox", List.of()), config))
                .isInstanceOfSatisfying(Outcome.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo(Outcome.CREATE_CONTAINER_ERROR));
    }

    @Test
    void outputGoesToTheLogInCriFormat() throws Exception {
        PodSandboxConfig config = sandbox("talker");
        String sb = run(config);
        String id = start(sb, config, shell("main", "echo hello; echo oops >&2; printf 'no newline'"));
        eventually(() -> status(id).exited());

        List<String> lines = Files.readAllLines(status(id).logPath());
        assertThat(lines).hasSize(3);
        assertThat(lines).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z stdout F hello"));
        assertThat(lines).anyMatch(l -> l.endsWith(" stderr F oops"));
        assertThat(lines).anyMatch(l -> l.endsWith(" stdout F no newline"));
        assertThat(ContainerLogReader.readAll(status(id).logPath(), LogOptions.ALL)).contains("hello\n", "oops\n");
    }

    @Test
    void environmentAndWorkingDirectoryAreTheContainers() throws Exception {
        PodSandboxConfig config = sandbox("env");
        String sb = run(config);
        ContainerConfig c = shell("main", "echo \"MODE=$MODE HOME=$HOME HOSTNAME=$HOSTNAME PWD=$(pwd)\"")
                .withEnvs(List.of(new ContainerConfig.KeyValue("MODE", "fast 'quoted'")))
                .withWorkingDir(data.toString());
        String id = start(sb, config, c);
        eventually(() -> status(id).exited());

        assertThat(ContainerLogReader.readAll(status(id).logPath(), LogOptions.ALL))
                .isEqualTo("MODE=fast 'quoted' HOME=/root HOSTNAME=env PWD=" + data + "\n");
    }

    @Test
    void stoppingKillsBackgroundChildrenToo() throws Exception {
        PodSandboxConfig config = sandbox("forker");
        String sb = run(config);
        Path pidFile = data.resolve("child.pid");
        String id = start(sb, config, shell("main", "busybox sleep 3600 & echo $! > " + pidFile + "; wait"));
        eventually(() -> Files.exists(pidFile) && !read(pidFile).isEmpty());
        long child = Long.parseLong(read(pidFile));
        assertThat(ProcessHandle.of(child)).isPresent();

        runtime.stopContainer(id, Duration.ofMillis(200));

        eventually(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
        assertThat(status(id).state()).isEqualTo(ContainerState.CONTAINER_EXITED);
    }

    @Test
    void aGracefulStopEndsWithTheContainersOwnExitCode() {
        PodSandboxConfig config = sandbox("graceful");
        String sb = run(config);
        String id = start(sb, config, shell("main", "trap 'exit 7' TERM; echo trapped; while :; do busybox sleep 0.1; done"));
        eventually(() -> logOf(id).equals("trapped\n"));

        runtime.stopContainer(id, Duration.ofSeconds(10));

        assertThat(status(id).exitCode()).isEqualTo(7);
    }

    @Test
    void aStopAfterTheGracePeriodKills() {
        PodSandboxConfig config = sandbox("stubborn");
        String sb = run(config);
        String id = start(sb, config, shell("main", "trap '' TERM; echo trapped; while :; do busybox sleep 0.1; done"));
        eventually(() -> logOf(id).equals("trapped\n"));

        runtime.stopContainer(id, Duration.ofMillis(300));

        assertThat(status(id).exitCode()).isEqualTo(137);
        assertThat(status(id).reason()).isEqualTo(ContainerStatus.ERROR);
    }

    @Test
    void aNewRuntimeOnTheSameDataDirAdoptsRunningAndExitedContainers() throws Exception {
        PodSandboxConfig config = sandbox("adopted");
        String sb = run(config);
        String quick = start(sb, config, shell("quick", "exit 4"));
        String slow = start(sb, config, shell("slow", "echo before; read line; echo \"after $line\"; exit 5")
                .withStdin(true));
        eventually(() -> status(quick).exited());
        runtime.close();

        runtime = new ProcessRuntime(ProcessRuntimeConfig.of(data, null, "127.0.0.1"), Host.unisolated("Test"));

        assertThat(runtime.podSandboxStatus(sb).orElseThrow().state()).isEqualTo(io.j8s.runtime.SandboxState.SANDBOX_READY);
        assertThat(status(quick).exitCode()).isEqualTo(4);
        assertThat(status(slow).state()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        try (var attach = runtime.attach(slow, true).orElseThrow()) {
            attach.stdin().write("there\n".getBytes());
            attach.stdin().flush();
            assertThat(attach.exitCode().get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(5);
        }
        assertThat(status(slow).exitCode()).isEqualTo(5);
        assertThat(ContainerLogReader.readAll(status(slow).logPath(), LogOptions.ALL)).isEqualTo("before\nafter there\n");
    }

    @Test
    void execSyncCollectsOutputAndTimesOut() {
        PodSandboxConfig config = sandbox("exec");
        String sb = run(config);
        String id = start(sb, config, sleeper("main"));

        var result = runtime.execSync(id, List.of("busybox", "sh", "-c", "echo out; echo err >&2; exit 2"),
                Duration.ofSeconds(10)).orElseThrow();
        assertThat(result.stdoutText()).isEqualTo("out\n");
        assertThat(result.stderrText()).isEqualTo("err\n");
        assertThat(result.exitCode()).isEqualTo(2);

        var slow = runtime.execSync(id, List.of("busybox", "sleep", "30"), Duration.ofMillis(200)).orElseThrow();
        assertThat(slow.timedOut()).isTrue();
    }

    @Test
    void streamingExecHasStdinStdoutAndAnExitCode() throws Exception {
        PodSandboxConfig config = sandbox("exec");
        String sb = run(config);
        String id = start(sb, config, sleeper("main"));

        try (var session = runtime.exec(id, new io.j8s.runtime.ExecRequest(List.of("busybox", "cat"), false, true))
                .orElseThrow()) {
            session.stdin().write("echoed\n".getBytes());
            session.stdin().close();
            assertThat(new String(session.stdout().readAllBytes())).isEqualTo("echoed\n");
            assertThat(session.exitCode().get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aContainerWhoseProcessesVanishedIsUnknownAndStopsAtOnce() {
        PodSandboxConfig config = sandbox("vanished");
        String sb = run(config);
        String id = start(sb, config, sleeper("main"));
        long main = Long.parseLong(read(data.resolve("containers").resolve(id).resolve("main.pid")));
        ProcessHandle monitor = ProcessHandle.of(main).flatMap(ProcessHandle::parent).orElseThrow();
        monitor.destroyForcibly();
        ProcessHandle.of(main).ifPresent(ProcessHandle::destroyForcibly);
        eventually(() -> !monitor.isAlive() && ProcessHandle.of(main).map(h -> !h.isAlive()).orElse(true));

        assertThat(status(id).state()).isEqualTo(ContainerState.CONTAINER_UNKNOWN);
        runtime.stopContainer(id, Duration.ofSeconds(30));

        assertThat(status(id).state()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(status(id).exitCode()).isEqualTo(137);
    }

    private String logOf(String id) {
        try {
            return ContainerLogReader.readAll(status(id).logPath(), LogOptions.ALL);
        } catch (Exception e) {
            return "";
        }
    }

    static String read(Path f) {
        try {
            return Files.readString(f).trim();
        } catch (Exception e) {
            return "";
        }
    }
}
