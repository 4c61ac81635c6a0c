package io.j8s.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ContainerRuntime} does, whatever runs behind it. Subclasses provide the
 * runtime; the commands used ({@code busybox sleep}) run under process and are ignored by
 * simulated. Reusable by the kubelet's tests (test-jar).
 */
public abstract class RuntimeContract {
    @TempDir
    protected Path logs;

    /** The runtime under test; the same instance for the whole test method. */
    protected abstract ContainerRuntime runtime();

    @AfterEach
    void removeEverything() {
        for (PodSandbox s : runtime().listPodSandbox(PodSandboxFilter.ALL)) {
            runtime().removePodSandbox(s.id());
        }
    }

    protected PodSandboxConfig sandbox(String name) {
        String uid = UUID.randomUUID().toString();
        return PodSandboxConfig.of(new PodSandboxConfig.Metadata(name, "default", uid, 0), logs.resolve("default_" + name + "_" + uid))
                .withLabels(Map.of("app", name));
    }

    protected static ContainerConfig sleeper(String name) {
        return ContainerConfig.of(name, "busybox", List.of("busybox", "sleep", "3600"));
    }

    protected String run(PodSandboxConfig config) {
        return runtime().runPodSandbox(config).orElseThrow();
    }

    protected String start(String sandboxId, PodSandboxConfig config, ContainerConfig container) {
        String id = runtime().createContainer(sandboxId, container, config).orElseThrow();
        runtime().startContainer(id).orElseThrow();
        return id;
    }

    protected ContainerStatus status(String containerId) {
        return runtime().containerStatus(containerId).orElseThrow();
    }

    /** Waits (polling, at most 20 s) for a condition the runtime reaches asynchronously. */
    protected static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("condition reached within 20 s").isTrue();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aNewSandboxIsReadyWithAnIp() {
        PodSandboxConfig config = sandbox("web");
        String id = run(config);

        PodSandboxStatus status = runtime().podSandboxStatus(id).orElseThrow();
        assertThat(status.state()).isEqualTo(SandboxState.SANDBOX_READY);
        assertThat(status.metadata()).isEqualTo(config.metadata());
        assertThat(status.ip()).isNotEmpty();
        assertThat(status.labels()).containsEntry("app", "web");
    }

    @Test
    void listPodSandboxFiltersByIdStateAndLabels() {
        String a = run(sandbox("a"));
        String b = run(sandbox("b"));
        runtime().stopPodSandbox(b);

        assertThat(runtime().listPodSandbox(PodSandboxFilter.ALL)).extracting(PodSandbox::id).contains(a, b);
        assertThat(runtime().listPodSandbox(new PodSandboxFilter(null, null, Map.of("app", "a"))))
                .extracting(PodSandbox::id).containsExactly(a);
        assertThat(runtime().listPodSandbox(new PodSandboxFilter(null, SandboxState.SANDBOX_NOTREADY, null)))
                .extracting(PodSandbox::id).containsExactly(b);
        assertThat(runtime().listPodSandbox(new PodSandboxFilter(a, null, null))).hasSize(1);
    }

    @Test
    void aStoppedSandboxIsNotReadyHasNoIpAndStillListed() {
        String id = run(sandbox("web"));
        runtime().stopPodSandbox(id);
        runtime().stopPodSandbox(id); // idempotent

        PodSandboxStatus status = runtime().podSandboxStatus(id).orElseThrow();
        assertThat(status.state()).isEqualTo(SandboxState.SANDBOX_NOTREADY);
        assertThat(status.ip()).isEmpty();
    }

    @Test
    void removingASandboxForgetsItAndItsContainers() {
        PodSandboxConfig config = sandbox("web");
        String id = run(config);
        String c = start(id, config, sleeper("main"));

        runtime().removePodSandbox(id);
        runtime().removePodSandbox(id); // idempotent

        assertThat(runtime().podSandboxStatus(id)).isEmpty();
        assertThat(runtime().containerStatus(c)).isEmpty();
        assertThat(runtime().listContainers(ContainerFilter.inSandbox(id))).isEmpty();
    }

    @Test
    void aContainerIsCreatedThenRunningThenExitedWhenStopped() {
        PodSandboxConfig config = sandbox("web");
        String sb = run(config);
        String id = runtime().createContainer(sb, sleeper("main"), config).orElseThrow();

        ContainerStatus created = status(id);
        assertThat(created.state()).isEqualTo(ContainerState.CONTAINER_CREATED);
        assertThat(created.startedAt()).isEmpty();
        assertThat(created.metadata().name()).isEqualTo("main");
        assertThat(created.logPath()).isEqualTo(config.logDirectory().resolve("main/0.log"));

        runtime().startContainer(id).orElseThrow();
        ContainerStatus running = status(id);
        assertThat(running.state()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(running.startedAt()).isPresent();

        runtime().stopContainer(id, Duration.ofSeconds(5));
        runtime().stopContainer(id, Duration.ofSeconds(5)); // idempotent
        ContainerStatus exited = status(id);
        assertThat(exited.state()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(exited.finishedAt()).isPresent();
        assertThat(exited.reason()).isNotEmpty();
    }

    @Test
    void aContainerCannotStartTwice() {
        PodSandboxConfig config = sandbox("web");
        String id = start(run(config), config, sleeper("main"));

        assertThat(runtime().startContainer(id)).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void unknownIdsAreEmptyOrNotFoundNeverExceptions() {
        assertThat(runtime().podSandboxStatus("nope")).isEmpty();
        assertThat(runtime().containerStatus("nope")).isEmpty();
        runtime().stopContainer("nope", Duration.ZERO);
        runtime().removeContainer("nope");
        runtime().stopPodSandbox("nope");
        assertThat(runtime().createContainer("nope", sleeper("main"), sandbox("x")))
                .isEqualTo(Outcome.failed(Outcome.NOT_FOUND, "pod sandbox nope not found"));
        assertThat(runtime().startContainer("nope")).isInstanceOf(Outcome.Failed.class);
        assertThat(runtime().execSync("nope", List.of("true"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.reason()).isEqualTo(Outcome.NOT_FOUND));
    }

    @Test
    void listContainersFiltersBySandboxStateAndLabels() {
        PodSandboxConfig one = sandbox("one");
        PodSandboxConfig two = sandbox("two");
        String sb1 = run(one);
        String sb2 = run(two);
        String a = start(sb1, one, sleeper("a").withLabels(Map.of("tier", "front")));
        String b = runtime().createContainer(sb2, sleeper("b"), two).orElseThrow();

        assertThat(runtime().listContainers(ContainerFilter.inSandbox(sb1))).extracting(Container::id).containsExactly(a);
        assertThat(runtime().listContainers(new ContainerFilter(null, ContainerState.CONTAINER_CREATED, null, null)))
                .extracting(Container::id).containsExactly(b);
        assertThat(runtime().listContainers(new ContainerFilter(null, null, null, Map.of("tier", "front"))))
                .extracting(Container::id).containsExactly(a);
    }

    @Test
    void execSyncRunsInARunningContainer() {
        PodSandboxConfig config = sandbox("web");
        String id = start(run(config), config, sleeper("main"));

        ExecResult result = runtime().execSync(id, List.of("busybox", "true"), Duration.ofSeconds(10)).orElseThrow();

        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void execIntoAnExitedContainerFailsAsNotRunning() {
        PodSandboxConfig config = sandbox("web");
        String id = start(run(config), config, sleeper("main"));
        runtime().stopContainer(id, Duration.ZERO);

        assertThat(runtime().execSync(id, List.of("true"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(Outcome.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo(Outcome.CONTAINER_NOT_RUNNING));
        assertThat(runtime().exec(id, ExecRequest.of(List.of("true")))).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void stoppingASandboxStopsItsContainers() {
        PodSandboxConfig config = sandbox("web");
        String sb = run(config);
        String id = start(sb, config, sleeper("main"));

        runtime().stopPodSandbox(sb);

        assertThat(status(id).state()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(runtime().createContainer(sb, sleeper("late"), config))
                .isInstanceOfSatisfying(Outcome.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo(Outcome.CREATE_CONTAINER_ERROR));
    }

    @Test
    void imagesResolveToTheHostExceptInvalidOrNonexistentOnes() {
        assertThat(runtime().imageStatus(ImageSpec.of("busybox"))).isEmpty();

        String ref = runtime().pullImage(ImageSpec.of("busybox")).orElseThrow();

        assertThat(ref).startsWith("sha256:");
        assertThat(runtime().imageStatus(ImageSpec.of("docker.io/library/busybox:latest")).orElseThrow().id()).isEqualTo(ref);
        assertThat(runtime().listImages()).extracting(Image::id).contains(ref);
        assertThat(runtime().pullImage(ImageSpec.of("Not A Name")))
                .isInstanceOfSatisfying(Outcome.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo(Outcome.INVALID_IMAGE_NAME));
        assertThat(runtime().pullImage(ImageSpec.of("nonexistent-image:v1")))
                .isInstanceOfSatisfying(Outcome.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo(Outcome.ERR_IMAGE_PULL));
        runtime().removeImage(ImageSpec.of("busybox"));
        assertThat(runtime().imageStatus(ImageSpec.of("busybox"))).isEmpty();
    }

    @Test
    void statusSaysTheRuntimeIsReady() {
        RuntimeStatus status = runtime().status();

        assertThat(status.isTrue(RuntimeStatus.RUNTIME_READY)).isTrue();
        assertThat(status.isTrue(RuntimeStatus.NETWORK_READY)).isTrue();
        assertThat(status.condition(RuntimeStatus.POD_ISOLATION)).isPresent();
        assertThat(runtime().version().containerRuntimeVersion()).contains("://");
    }
}
