package io.j8s.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.TestServer;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.controllers.Informers;
import io.j8s.controllers.runtime.ApiEventRecorder;
import io.j8s.controllers.runtime.Controller;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Job controller against a real API server; there is no kubelet, so the test moves pods to
 * Succeeded or Failed by writing their status.
 */
class JobControllerApiTest {

    TestServer server;
    KubernetesClient client;
    Informers informers;
    ApiEventRecorder recorder;
    Controller controller;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        informers = new Informers(client);
        var options = ControllerManagerOptions.defaults();
        recorder = new ApiEventRecorder(client, JobController.COMPONENT, "", options.clock());
        var ctx = new ControllerContext(client, informers, options, c -> recorder);
        // Replacement pods after a failure wait 50 ms doubling, not 10 s.
        controller = JobControllers.create(ctx, new JobController.Backoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        informers.start();
        controller.run(2);
    }

    @AfterEach
    void stop() {
        controller.close();
        informers.close();
        recorder.close();
        client.close();
        server.close();
    }

    static Job job(String name, Integer completions, Integer parallelism, String mode) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism).withCompletionMode(mode).withBackoffLimit(2)
                .withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("c").withImage("busybox").withCommand("true").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    List<Pod> pods(String job) {
        return client.pods().inNamespace("default").withLabel("batch.kubernetes.io/job-name", job).list().getItems();
    }

    List<Pod> activePods(String job) {
        return pods(job).stream().filter(p -> "Pending".equals(p.getStatus().getPhase()) || "Running".equals(p.getStatus().getPhase()))
                .toList();
    }

    void finish(Pod pod, String phase) {
        pod.setStatus(new PodStatusBuilder(pod.getStatus()).withPhase(phase).build());
        client.pods().inNamespace("default").resource(pod).updateStatus();
    }

    Job awaitJob(String name, Predicate<Job> p) {
        return client.batch().v1().jobs().inNamespace("default").withName(name)
                .waitUntilCondition(j -> j != null && p.test(j), 30, TimeUnit.SECONDS);
    }

    static boolean hasCondition(Job j, String type) {
        return j.getStatus() != null && j.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    List<Pod> awaitActive(String job, int n) {
        await(() -> activePods(job).size() == n);
        return activePods(job);
    }

    @Test
    void aJobOfThreeCompletionsTwoAtATimeCompletes() {
        Job created = client.batch().v1().jobs().inNamespace("default").resource(job("pi", 3, 2, null)).create();
        assertThat(created.getSpec().getSelector().getMatchLabels())
                .containsEntry("batch.kubernetes.io/controller-uid", created.getMetadata().getUid());
        List<Pod> first = awaitActive("pi", 2);
        Pod pod = first.getFirst();
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("Job");
            assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(pod.getMetadata().getLabels()).containsEntry("job-name", "pi")
                .containsEntry("controller-uid", created.getMetadata().getUid());
        awaitJob("pi", j -> j.getStatus() != null && Integer.valueOf(2).equals(j.getStatus().getActive())
                && j.getStatus().getStartTime() != null);
        finish(first.get(0), "Succeeded");
        finish(first.get(1), "Succeeded");
        // Only one more is needed.
        await(() -> pods("pi").size() == 3);
        List<Pod> last = awaitActive("pi", 1);
        finish(last.getFirst(), "Succeeded");
        Job done = awaitJob("pi", j -> hasCondition(j, "Complete"));
        assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
        assertThat(done.getStatus().getActive()).isZero();
        assertThat(done.getStatus().getCompletionTime()).isNotNull();
        assertThat(hasCondition(done, "SuccessCriteriaMet")).isTrue();
        assertThat(pods("pi")).hasSize(3);
        await(() -> client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "Completed".equals(e.getReason()) && "Job completed".equals(e.getMessage())));
        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .anyMatch(e -> "SuccessfulCreate".equals(e.getReason()) && e.getMessage().startsWith("Created pod: pi-"));
    }

    @Test
    void aFailingJobStopsAtItsBackoffLimit() {
        client.batch().v1().jobs().inNamespace("default").resource(job("fails", 1, 1, null)).create();
        for (int attempt = 0; attempt <= 2; attempt++) {
            finish(awaitActive("fails", 1).getFirst(), "Failed");
            int failedSoFar = attempt + 1;
            await(() -> pods("fails").stream().filter(p -> "Failed".equals(p.getStatus().getPhase())).count() == failedSoFar);
        }
        Job failed = awaitJob("fails", j -> hasCondition(j, "Failed"));
        assertThat(failed.getStatus().getFailed()).isEqualTo(3);
        assertThat(failed.getStatus().getConditions()).anyMatch(c -> "Failed".equals(c.getType())
                && "BackoffLimitExceeded".equals(c.getReason()) && "Job has reached the specified backoff limit".equals(c.getMessage()));
        assertThat(hasCondition(failed, "Complete")).isFalse();
        assertThat(pods("fails")).hasSize(3);
    }

    @Test
    void anIndexedJobRunsEachIndexOnce() {
        client.batch().v1().jobs().inNamespace("default").resource(job("idx", 3, 3, "Indexed")).create();
        List<Pod> pods = awaitActive("idx", 3);
        assertThat(pods).extracting(p -> p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"))
                .containsExactlyInAnyOrder("0", "1", "2");
        assertThat(pods).extracting(p -> p.getSpec().getHostname()).containsExactlyInAnyOrder("idx-0", "idx-1", "idx-2");
        assertThat(pods.getFirst().getSpec().getContainers().getFirst().getEnv())
                .anyMatch(e -> e.getName().equals("JOB_COMPLETION_INDEX"));
        Pod one = pods.stream().filter(p -> p.getSpec().getHostname().equals("idx-1")).findFirst().orElseThrow();
        finish(one, "Failed");
        // Index 1 is run again.
        await(() -> activePods("idx").stream().filter(p -> p.getSpec().getHostname().equals("idx-1")).count() == 1);
        for (Pod p : awaitActive("idx", 3)) finish(p, "Succeeded");
        Job done = awaitJob("idx", j -> hasCondition(j, "Complete"));
        assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0-2");
        assertThat(done.getStatus().getFailed()).isEqualTo(1);
    }

    @Test
    void aFinishedJobWithATtlIsDeleted() {
        Job j = job("ttl", 1, 1, null);
        j.getSpec().setTtlSecondsAfterFinished(0);
        client.batch().v1().jobs().inNamespace("default").resource(j).create();
        finish(awaitActive("ttl", 1).getFirst(), "Succeeded");
        await(() -> client.batch().v1().jobs().inNamespace("default").withName("ttl").get() == null);
    }

    /** The lab's step: {@code kubectl create job}, then {@code kubectl wait --for=condition=complete}. */
    @Test
    void kubectlCreateJobThenWaitForComplete() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/kubectl")),
                "kubectl is not installed");
        assertThat(kubectl("create", "job", "hello", "--image=busybox", "--", "busybox", "echo", "done")).contains("created");
        Pod pod = awaitActive("hello", 1).getFirst();
        assertThat(pod.getSpec().getContainers().getFirst().getCommand()).containsExactly("busybox", "echo", "done");
        finish(pod, "Succeeded");
        assertThat(kubectl("wait", "--for=condition=complete", "job/hello", "--timeout=30s")).contains("condition met");
        assertThat(kubectl("get", "job", "hello")).contains("1/1");
    }

    String kubectl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", server.kubeconfig().toString(), "-n", "default"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
