package io.j8s.runtime.simulated;

import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.ContainerState;
import io.j8s.runtime.PodSandboxConfig;
import io.j8s.runtime.RuntimeContract;
import io.j8s.runtime.network.Cidr;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedRuntimeTest extends RuntimeContract {
    private final SimulatedRuntime runtime = new SimulatedRuntime(Cidr.parse("10.244.7.0/24"), Clock.systemUTC());

    @Override
    protected ContainerRuntime runtime() {
        return runtime;
    }

    @Test
    void podIpsComeFromThePodCidrAndAreUnique() {
        var ips = new HashSet<String>();
        for (int i = 0; i < 110; i++) {
            ips.add(runtime.podSandboxStatus(run(sandbox("p" + i))).orElseThrow().ip());
        }
        assertThat(ips).hasSize(110).allMatch(ip -> ip.startsWith("10.244.7.") && !ip.equals("10.244.7.1"));
    }

    @Test
    void aFullPodCidrFailsTheSandboxWithFailedCreatePodSandBox() {
        var tiny = new SimulatedRuntime(Cidr.parse("10.244.8.0/30"), Clock.systemUTC()); // one pod address: .2
        tiny.runPodSandbox(sandbox("a")).orElseThrow();

        assertThat(tiny.runPodSandbox(sandbox("b")))
                .isInstanceOfSatisfying(io.j8s.runtime.Outcome.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo(io.j8s.runtime.Outcome.FAILED_CREATE_POD_SANDBOX));
    }

    @Test
    void testsCanMakeAContainerExitAndChooseWhatExecAnswers() {
        PodSandboxConfig config = sandbox("crasher");
        String id = start(run(config), config, sleeper("main"));
        runtime.simulateExec((container, cmd) -> new io.j8s.runtime.ExecResult(null, "nope".getBytes(), 1, false));

        assertThat(runtime.execSync(id, java.util.List.of("false"), java.time.Duration.ofSeconds(1)).orElseThrow().exitCode())
                .isEqualTo(1);
        runtime.simulateExit(id, 3, io.j8s.runtime.ContainerStatus.ERROR);

        assertThat(status(id).state()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(status(id).exitCode()).isEqualTo(3);
        assertThat(status(id).reason()).isEqualTo(io.j8s.runtime.ContainerStatus.ERROR);
        assertThat(status(id).finishedAt()).isPresent();
    }

    @Test
    void holdsThousandsOfRunningPods() {
        for (int node = 0; node < 20; node++) {
            var perNode = new SimulatedRuntime(Cidr.parse("10.245." + node + ".0/24"), Clock.systemUTC());
            for (int i = 0; i < 110; i++) {
                PodSandboxConfig config = sandbox("p" + i);
                start(perNode.runPodSandbox(config).orElseThrow(), config, sleeper("main"), perNode);
            }
            assertThat(perNode.listContainers(new io.j8s.runtime.ContainerFilter(null,
                    ContainerState.CONTAINER_RUNNING, null, null))).hasSize(110);
        }
    }

    @Test
    void listsByLabelForgetWhatWasRemoved() {
        PodSandboxConfig config = sandbox("gone");
        String sb = run(config);
        start(sb, config, sleeper("main").withLabels(java.util.Map.of("tier", "front")), runtime);
        var byApp = new io.j8s.runtime.PodSandboxFilter(null, null, java.util.Map.of("app", "gone"));
        var byTier = new io.j8s.runtime.ContainerFilter(null, null, null, java.util.Map.of("tier", "front"));
        assertThat(runtime.listPodSandbox(byApp)).hasSize(1);
        assertThat(runtime.listContainers(byTier)).hasSize(1);

        runtime.removePodSandbox(sb);
        assertThat(runtime.listPodSandbox(byApp)).isEmpty();
        assertThat(runtime.listContainers(byTier)).isEmpty();

        PodSandboxConfig again = sandbox("gone");
        start(run(again), again, sleeper("main").withLabels(java.util.Map.of("tier", "front")), runtime);
        assertThat(runtime.listPodSandbox(byApp)).hasSize(1);
        assertThat(runtime.listContainers(byTier)).hasSize(1);
    }

    private static void start(String sandboxId, PodSandboxConfig config, io.j8s.runtime.ContainerConfig c,
                              SimulatedRuntime on) {
        on.startContainer(on.createContainer(sandboxId, c, config).orElseThrow()).orElseThrow();
    }
}
