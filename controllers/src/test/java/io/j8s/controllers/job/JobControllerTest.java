package io.j8s.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Upstream's job_controller_test style: a Job and its pods in fake caches, one sync, the exact writes. */
class JobControllerTest {

    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    /** The fake world: caches to read, writes and events recorded as strings. */
    static final class Fixture implements JobController.Listers, JobController.Actions, EventRecorder {
        Job job;
        final List<Pod> pods = new ArrayList<>();
        final List<String> actions = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        Job written;
        int created;

        @Override
        public Job job(String key) {
            return job;
        }

        @Override
        public List<Pod> podsOf(String namespace, String uid) {
            return pods;
        }

        @Override
        public Pod createPod(String namespace, Pod pod) {
            String name = pod.getMetadata().getGenerateName() + "p" + created++;
            pod.getMetadata().setName(name);
            actions.add("create " + name);
            return pod;
        }

        @Override
        public void deletePod(String namespace, String name) {
            actions.add("delete pod " + name);
        }

        @Override
        public void updateJobStatus(Job j) {
            written = j;
            actions.add("update status");
        }

        @Override
        public void deleteJob(String namespace, String name, String uid) {
            actions.add("delete job " + name);
        }

        @Override
        public void event(HasMetadata object, String type, String reason, String message) {
            events.add(reason + ": " + message);
        }
    }

    static Job job(Consumer<JobBuilder> edit) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName("pi").withNamespace("default").withUid("uid-1").endMetadata()
                .withNewSpec().withCompletions(3).withParallelism(2).withBackoffLimit(2).withCompletionMode("NonIndexed")
                .withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c").withImage("busybox")
                .endContainer().endSpec().endTemplate().endSpec();
        edit.accept(b);
        return b.build();
    }

    static Pod pod(String name, String phase) {
        return new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withCreationTimestamp(NOW.toString()).endMetadata().withNewStatus().withPhase(phase).endStatus().build();
    }

    static List<Pod> pods(String... phases) {
        List<Pod> out = new ArrayList<>();
        for (int i = 0; i < phases.length; i++) out.add(pod("pi-" + i, phases[i]));
        return out;
    }

    record Case(String name, Job job, List<Pod> pods, List<String> actions, List<String> events, List<String> conditions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a new job starts parallelism pods", job(b -> { }), List.of(),
                        List.of("create pi-p0", "create pi-p1", "update status"),
                        List.of("SuccessfulCreate: Created pod: pi-p0", "SuccessfulCreate: Created pod: pi-p1"), List.of()),
                new Case("never more than the completions left", job(b -> { }), pods("Succeeded", "Succeeded"),
                        List.of("create pi-p0", "update status"), List.of("SuccessfulCreate: Created pod: pi-p0"), List.of()),
                new Case("enough successes complete it", job(b -> { }), pods("Succeeded", "Succeeded", "Succeeded"),
                        List.of("update status"), List.of("Completed: Job completed"),
                        List.of("SuccessCriteriaMet=True CompletionsReached", "Complete=True CompletionsReached")),
                new Case("without completions, one success and no active pod completes it",
                        job(b -> b.editSpec().withCompletions(null).endSpec()), pods("Succeeded", "Succeeded"),
                        List.of("update status"), List.of("Completed: Job completed"),
                        List.of("SuccessCriteriaMet=True CompletionsReached", "Complete=True CompletionsReached")),
                new Case("more failures than the backoff limit fail it and stop the active pods", job(b -> { }),
                        pods("Failed", "Failed", "Failed", "Running"),
                        List.of("delete pod pi-3", "update status"),
                        List.of("SuccessfulDelete: Deleted pod: pi-3", "BackoffLimitExceeded: Job has reached the specified backoff limit"),
                        List.of("FailureTarget=True BackoffLimitExceeded", "Failed=True BackoffLimitExceeded")),
                new Case("past activeDeadlineSeconds it fails", job(b -> b.editSpec().withActiveDeadlineSeconds(60L).endSpec()
                        .withNewStatus().withStartTime(NOW.minusSeconds(60).toString()).withActive(1).endStatus()),
                        pods("Running"), List.of("delete pod pi-0", "update status"),
                        List.of("SuccessfulDelete: Deleted pod: pi-0", "DeadlineExceeded: Job was active longer than specified deadline"),
                        List.of("FailureTarget=True DeadlineExceeded", "Failed=True DeadlineExceeded")),
                new Case("a failed pod is replaced only after the backoff", job(b -> b.editSpec().withParallelism(1).endSpec()),
                        pods("Failed"), List.of("update status"), List.of(), List.of()),
                new Case("suspending deletes the active pods", job(b -> b.editSpec().withSuspend(true).endSpec()),
                        pods("Running", "Pending"), List.of("delete pod pi-0", "delete pod pi-1", "update status"),
                        List.of("Suspended: Job suspended", "SuccessfulDelete: Deleted pod: pi-0", "SuccessfulDelete: Deleted pod: pi-1"),
                        List.of("Suspended=True JobSuspended")),
                new Case("a finished job past its TTL is deleted", job(b -> b.editSpec().withTtlSecondsAfterFinished(30).endSpec()
                        .withNewStatus().withCompletionTime(NOW.minusSeconds(30).toString())
                        .addNewCondition().withType("Complete").withStatus("True").endCondition().endStatus()),
                        pods("Succeeded"), List.of("delete job pi"), List.of(), List.of("Complete=True null")),
                new Case("a finished job within its TTL is kept", job(b -> b.editSpec().withTtlSecondsAfterFinished(30).endSpec()
                        .withNewStatus().withCompletionTime(NOW.minusSeconds(29).toString())
                        .addNewCondition().withType("Complete").withStatus("True").endCondition().endStatus()),
                        pods("Succeeded"), List.of(), List.of(), List.of("Complete=True null")));
    }

    static List<String> conditions(Job j) {
        if (j == null || j.getStatus() == null) return List.of();
        return j.getStatus().getConditions().stream().map((JobCondition c) -> c.getType() + "=" + c.getStatus() + " " + c.getReason())
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sync(Case c) {
        FakeClock clock = new FakeClock(NOW);
        Fixture f = new Fixture();
        f.job = c.job();
        f.pods.addAll(c.pods());
        var controller = new JobController(f, f, f, WorkQueue.withDefaultRateLimiter(clock), clock, JobController.Backoff.UPSTREAM,
                new Expectations(clock));
        controller.sync("default/pi");
        assertThat(f.actions).isEqualTo(c.actions());
        assertThat(f.events).isEqualTo(c.events());
        assertThat(conditions(f.written != null ? f.written : f.job)).isEqualTo(c.conditions());
    }

    @Test
    void createdPodsCarryOwnerLabelsAndIndex() {
        FakeClock clock = new FakeClock(NOW);
        Fixture f = new Fixture();
        f.job = job(b -> b.editSpec().withCompletionMode("Indexed").endSpec());
        var controller = new JobController(f, f, f, WorkQueue.withDefaultRateLimiter(clock), clock, JobController.Backoff.UPSTREAM,
                new Expectations(clock));
        Pod pod = controller.podFor(f.job, 2);
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("pi-2-");
        assertThat(pod.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/controller-uid", "uid-1")
                .containsEntry("batch.kubernetes.io/job-name", "pi").containsEntry("controller-uid", "uid-1")
                .containsEntry("job-name", "pi").containsEntry("batch.kubernetes.io/job-completion-index", "2");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("batch.kubernetes.io/job-completion-index", "2");
        assertThat(pod.getSpec().getHostname()).isEqualTo("pi-2");
        assertThat(pod.getSpec().getContainers().getFirst().getEnv()).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']"));
        var ref = pod.getMetadata().getOwnerReferences().getFirst();
        assertThat(List.of(ref.getApiVersion(), ref.getKind(), ref.getName(), ref.getUid())).containsExactly("batch/v1", "Job", "pi", "uid-1");
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();
    }

    @Test
    void theFailureBackoffDoublesFromTenSecondsToSixMinutes() {
        var b = JobController.Backoff.UPSTREAM;
        assertThat(List.of(b.after(1), b.after(2), b.after(3), b.after(6), b.after(7), b.after(20)))
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(320),
                        Duration.ofMinutes(6), Duration.ofMinutes(6));
    }

    @Test
    void aFailedPodIsReplacedOnceTheBackoffHasPassed() {
        FakeClock clock = new FakeClock(NOW);
        Fixture f = new Fixture();
        f.job = job(b -> b.editSpec().withParallelism(1).endSpec());
        f.pods.addAll(pods("Failed"));
        var controller = new JobController(f, f, f, WorkQueue.withDefaultRateLimiter(clock), clock, JobController.Backoff.UPSTREAM,
                new Expectations(clock));
        controller.sync("default/pi");
        f.job = f.written;
        clock.advance(Duration.ofSeconds(9));
        controller.sync("default/pi");
        assertThat(f.actions).containsExactly("update status");
        clock.advance(Duration.ofSeconds(1));
        controller.sync("default/pi");
        assertThat(f.actions).containsExactly("update status", "create pi-p0", "update status");
    }

    @Test
    void podsNotYetSeenAreNotCreatedTwice() {
        FakeClock clock = new FakeClock(NOW);
        Fixture f = new Fixture();
        f.job = job(b -> { });
        Expectations expectations = new Expectations(clock);
        var controller = new JobController(f, f, f, WorkQueue.withDefaultRateLimiter(clock), clock, JobController.Backoff.UPSTREAM,
                expectations);
        controller.sync("default/pi");
        f.job = f.written;
        controller.sync("default/pi");
        assertThat(f.actions.stream().filter(a -> a.startsWith("create"))).hasSize(2);
        expectations.creationObserved("default/pi");
        expectations.creationObserved("default/pi");
        assertThat(expectations.satisfied("default/pi")).isTrue();
    }

    @Test
    void completedIndexesAreWrittenAsRanges() {
        assertThat(JobController.formatIndexes(new java.util.TreeSet<>(List.of(0, 1, 2, 4, 6, 7)))).isEqualTo("0-2,4,6-7");
        assertThat(JobController.parseIndexes("0-2,4,6-7")).containsExactly(0, 1, 2, 4, 6, 7);
    }
}
