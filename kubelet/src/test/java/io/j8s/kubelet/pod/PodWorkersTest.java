package io.j8s.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.j8s.kubelet.prober.ProbeResults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pod worker's state machine on a fake runtime and fake time. */
class PodWorkersTest {

    final PodFixture f = new PodFixture();

    static String condition(io.fabric8.kubernetes.api.model.PodStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).map(PodCondition::getStatus).findFirst().orElse("-");
    }

    @Test
    void aPodGetsASandboxThenItsContainersAndRuns() {
        f.workers.update(PodFixture.pod("web", "Always", "main", "side").build());
        assertThat(f.runtime.calls).containsExactly("runPodSandbox web attempt=0", "pull busybox", "create web/main#0",
                "start web/main#0", "create web/side#0", "start web/side#0");
        var s = f.last();
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(s.getPodIP()).isEqualTo("10.244.0.2");
        assertThat(s.getHostIP()).isEqualTo("10.250.0.11");
        assertThat(s.getContainerStatuses()).allSatisfy(cs -> {
            assertThat(cs.getState().getRunning()).isNotNull();
            assertThat(cs.getContainerID()).startsWith("fake://");
            assertThat(cs.getReady()).as("no readiness probe: ready when running").isTrue();
        });
        assertThat(condition(s, "Ready")).isEqualTo("True");
        assertThat(f.events.reasons()).containsExactly("Pulling", "Pulled", "Created", "Started", "Pulled", "Created", "Started");
        assertThat(f.events.events).contains("Normal Created Created container: main", "Normal Started Started container main",
                "Normal Pulled Container image \"busybox\" already present on machine");
    }

    @Test
    void initContainersRunOneAtATimeInOrderBeforeTheContainers() {
        Pod pod = PodFixture.pod("job", "Always", "main").editSpec()
                .addToInitContainers(new ContainerBuilder().withName("init-a").withImage("busybox").withCommand("busybox", "true").build())
                .addToInitContainers(new ContainerBuilder().withName("init-b").withImage("busybox").withCommand("busybox", "true").build())
                .endSpec().build();
        f.workers.update(pod);
        assertThat(f.runtime.calls("start")).containsExactly("start job/init-a#0");
        assertThat(f.last().getPhase()).isEqualTo("Pending");
        assertThat(condition(f.last(), "Initialized")).isEqualTo("False");
        assertThat(f.last().getContainerStatuses().getFirst().getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        f.runtime.exit("job", "init-a", 0);
        f.workers.sync("uid-job");
        assertThat(f.runtime.calls("start")).containsExactly("start job/init-a#0", "start job/init-b#0");
        f.runtime.exit("job", "init-b", 0);
        f.workers.sync("uid-job");
        assertThat(f.runtime.calls("start")).containsExactly("start job/init-a#0", "start job/init-b#0", "start job/main#0");
        assertThat(condition(f.last(), "Initialized")).isEqualTo("True");
        assertThat(f.last().getPhase()).isEqualTo("Running");
    }

    @Test
    void aFailedInitContainerFailsAPodThatMayNotRestart() {
        Pod pod = PodFixture.pod("job", "Never", "main").editSpec()
                .addToInitContainers(new ContainerBuilder().withName("init").withImage("busybox").withCommand("busybox", "false").build())
                .endSpec().build();
        f.workers.update(pod);
        f.runtime.exit("job", "init", 1);
        f.workers.sync("uid-job");
        assertThat(f.last().getPhase()).isEqualTo("Failed");
        assertThat(f.runtime.calls("create job/main")).isEmpty();
        assertThat(f.runtime.calls).contains("stopPodSandbox job");
    }

    record Restart(String name, String policy, int exitCode, boolean restarted, String phase) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Restart> restartPolicies() {
        return Stream.of(
                new Restart("Always restarts a success", "Always", 0, true, "Running"),
                new Restart("Always restarts a failure", "Always", 1, true, "Running"),
                new Restart("OnFailure restarts a failure", "OnFailure", 1, true, "Running"),
                new Restart("OnFailure leaves a success: Succeeded", "OnFailure", 0, false, "Succeeded"),
                new Restart("Never leaves a success: Succeeded", "Never", 0, false, "Succeeded"),
                new Restart("Never leaves a failure: Failed", "Never", 2, false, "Failed"));
    }

    @ParameterizedTest
    @MethodSource("restartPolicies")
    void restartPolicyDecides(Restart c) {
        f.workers.update(PodFixture.pod("p", c.policy(), "main").build());
        f.runtime.exit("p", "main", c.exitCode());
        f.workers.sync("uid-p");
        assertThat(f.runtime.calls("start p/main#1")).hasSize(c.restarted() ? 1 : 0);
        assertThat(f.last().getPhase()).isEqualTo(c.phase());
        if (!c.restarted()) {
            var state = f.last().getContainerStatuses().getFirst().getState();
            assertThat(state.getTerminated().getExitCode()).isEqualTo(c.exitCode());
            assertThat(state.getTerminated().getReason()).isEqualTo(c.exitCode() == 0 ? "Completed" : "Error");
            assertThat(f.runtime.calls).as("a finished pod gives its IP back").contains("stopPodSandbox p");
            assertThat(condition(f.last(), "Ready")).isEqualTo("False");
        }
    }

    @Test
    void aCrashingContainerBacksOff10sDoublingTo5Minutes() {
        f.workers.update(PodFixture.pod("crasher", "Always", "main").build());
        f.runtime.exit("crasher", "main", 3);
        f.workers.sync("uid-crasher");
        assertThat(f.runtime.calls("start")).as("the first restart is at once").containsExactly("start crasher/main#0", "start crasher/main#1");
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 8; attempt++) {
            f.runtime.exit("crasher", "main", 3);
            f.workers.sync("uid-crasher");
            var cs = f.last().getContainerStatuses().getFirst();
            assertThat(cs.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
            assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(3);
            assertThat(cs.getRestartCount()).isEqualTo(attempt);
            Duration wait = f.timers.nextDue();
            waits.add(wait);
            f.timers.advance(wait);
            assertThat(f.runtime.state("crasher", "main")).isEqualTo("CONTAINER_RUNNING");
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(80),
                Duration.ofSeconds(160), Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(300));
        assertThat(f.events.withReason("BackOff")).first().asString()
                .isEqualTo("Warning BackOff Back-off restarting failed container main in pod crasher_default(uid-crasher)");
        assertThat(f.last().getPhase()).isEqualTo("Running");
        assertThat(f.runtime.containerCount()).as("dead instances beyond the previous one are removed").isLessThanOrEqualTo(3);
    }

    @Test
    void theBackoffMessageSaysHowLongAndForWhichPod() {
        f.workers.update(PodFixture.pod("crasher", "Always", "main").build());
        f.runtime.exit("crasher", "main", 3);
        f.workers.sync("uid-crasher");
        f.runtime.exit("crasher", "main", 3);
        f.workers.sync("uid-crasher");
        assertThat(f.last().getContainerStatuses().getFirst().getState().getWaiting().getMessage())
                .isEqualTo("back-off 10s restarting failed container=main pod=crasher_default(uid-crasher)");
    }

    @Test
    void aFailedLivenessProbeKillsAndRestartsTheContainer() {
        f.workers.update(PodFixture.pod("sick", "Always", "main").editSpec().editContainer(0).withNewLivenessProbe().withNewExec()
                .withCommand("busybox", "false").endExec().endLivenessProbe().endContainer().endSpec().build());
        f.liveness.put(f.runtime.containerId("sick", "main"), ProbeResults.Result.FAILURE);
        f.workers.sync("uid-sick");
        assertThat(f.runtime.calls("stop sick/main#0")).containsExactly("stop sick/main#0 30s");
        assertThat(f.runtime.calls("start sick/main#1")).hasSize(1);
        assertThat(f.events.events).contains("Normal Killing Container main failed liveness probe, will be restarted");
        assertThat(f.last().getContainerStatuses().getFirst().getRestartCount()).isEqualTo(1);
        assertThat(f.last().getContainerStatuses().getFirst().getLastState().getTerminated().getExitCode()).isEqualTo(143);
    }

    @Test
    void readinessDrivesTheReadyConditions() {
        f.workers.update(PodFixture.pod("slow", "Always", "main").editSpec().editContainer(0).withNewReadinessProbe().withNewTcpSocket()
                .withNewPort(8081).endTcpSocket().endReadinessProbe().endContainer().endSpec().build());
        assertThat(condition(f.last(), "Ready")).isEqualTo("False");
        assertThat(condition(f.last(), "ContainersReady")).isEqualTo("False");
        assertThat(f.last().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getMessage())
                .isEqualTo("containers with unready status: [main]");
        f.readiness.put(f.runtime.containerId("slow", "main"), ProbeResults.Result.SUCCESS);
        f.workers.sync("uid-slow");
        assertThat(condition(f.last(), "Ready")).isEqualTo("True");
        assertThat(f.last().getContainerStatuses().getFirst().getReady()).isTrue();
    }

    @Test
    void aGracefulDeletionRunsPreStopStopsWithTheGracePeriodAndConfirms() {
        Pod pod = PodFixture.pod("web", "Always", "main").editSpec().editContainer(0).withNewLifecycle().withNewPreStop().withNewExec()
                .withCommand("busybox", "sh", "-c", "echo bye").endExec().endPreStop().endLifecycle().endContainer().endSpec().build();
        f.workers.update(pod);
        f.workers.update(new PodBuilder(pod).editMetadata().withDeletionTimestamp("2025-01-01T00:00:10Z")
                .withDeletionGracePeriodSeconds(10L).endMetadata().build());
        assertThat(f.hooks).containsExactly("main busybox sh -c echo bye");
        assertThat(f.runtime.calls("stop web/main#0")).containsExactly("stop web/main#0 10s");
        assertThat(f.events.events).contains("Normal Killing Stopping container main");
        assertThat(f.confirmed).containsExactly("web");
        assertThat(f.runtime.sandboxCount()).isZero();
        assertThat(f.runtime.containerCount()).isZero();
        assertThat(f.workers.isKnown("uid-web")).isFalse();
    }

    @Test
    void aPodRemovedFromTheApiIsStoppedAndRemovedWithoutConfirming() {
        Pod pod = PodFixture.pod("web", "Always", "main").build();
        f.workers.update(pod);
        int writes = f.statuses.size();
        f.workers.remove(pod);
        assertThat(f.runtime.calls("stop web/main#0")).hasSize(1);
        assertThat(f.runtime.sandboxCount()).isZero();
        assertThat(f.confirmed).isEmpty();
        assertThat(f.statuses).hasSize(writes);
    }

    @Test
    void aRunningPodIsAdoptedNotRestarted() {
        Pod pod = PodFixture.pod("web", "Always", "main").build();
        f.workers.update(pod);
        // A new kubelet (new workers) on the same runtime.
        PodFixture again = new PodFixture();
        var before = f.runtime.calls.size();
        var workers = new PodWorkers(f.runtime, new PodSync(f.runtime, new SandboxConfigs(java.nio.file.Path.of("/tmp/x"), List.of(), "cluster.local"),
                VolumeManager.NONE, new DefaultContainerConfigs(again.objects, "10.250.0.11"), LifecycleHooks.NONE, ProbeResults.NONE,
                Backoff.crashLoop(f.timers.clock()), Backoff.crashLoop(f.timers.clock()), f.events, f.timers.clock(), Duration.ofSeconds(1)),
                null, new PodStatuses("fake", ProbeResults.NONE), new PodStatusWriter() {
                    @Override
                    public void write(Pod p, io.fabric8.kubernetes.api.model.PodStatus s) {
                        again.statuses.add(s);
                    }

                    @Override
                    public void confirmDeletion(Pod p) {}

                    @Override
                    public void forget(String uid) {}
                }, PodProbes.NONE, f.timers, Runnable::run, "10.250.0.11", Duration.ofSeconds(1));
        workers.update(pod);
        assertThat(f.runtime.calls.subList(before, f.runtime.calls.size())).isEmpty();
        assertThat(again.last().getPhase()).isEqualTo("Running");
    }

    @Test
    void aMissingConfigMapKeepsTheContainerWaitingUntilItExists() {
        Pod pod = PodFixture.pod("cfg", "Never", "main").editSpec().editContainer(0).addNewEnv().withName("MODE").withNewValueFrom()
                .withNewConfigMapKeyRef().withName("app-config").withKey("mode").endConfigMapKeyRef().endValueFrom().endEnv()
                .endContainer().endSpec().build();
        f.workers.update(pod);
        var waiting = f.last().getContainerStatuses().getFirst().getState().getWaiting();
        assertThat(waiting.getReason()).isEqualTo("CreateContainerConfigError");
        assertThat(waiting.getMessage()).isEqualTo("configmap \"app-config\" not found");
        assertThat(f.last().getPhase()).isEqualTo("Pending");
        f.configMaps.put("default/app-config", new ConfigMapBuilder().withNewMetadata().withName("app-config").endMetadata()
                .addToData("mode", "fast").build());
        f.timers.advance(Duration.ofSeconds(1));
        assertThat(f.runtime.state("cfg", "main")).isEqualTo("CONTAINER_RUNNING");
        assertThat(f.runtime.config("cfg", "main").envs()).contains(new io.j8s.runtime.ContainerConfig.KeyValue("MODE", "fast"));
    }

    @Test
    void aContainerThatCannotStartIsRestartedWithBackoff() {
        Pod pod = PodFixture.pod("bad", "Always", "main").editSpec().editContainer(0).withCommand("no-such-binary").endContainer().endSpec().build();
        f.runtime.failingCommands.add("no-such-binary");
        f.workers.update(pod);
        assertThat(f.events.events).anyMatch(e -> e.startsWith("Warning Failed Error: exec: \"no-such-binary\""));
        var s = f.last().getContainerStatuses().getFirst();
        assertThat(s.getState().getTerminated().getReason()).isEqualTo("StartError");
        assertThat(s.getState().getTerminated().getExitCode()).isEqualTo(128);
    }
}
