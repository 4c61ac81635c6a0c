package io.j8s.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream's cronjob_controllerv2_test style: a CronJob and its Jobs, the clock at a time, one sync, the exact writes. */
class CronJobControllerTest {

    static final Instant CREATED = Instant.parse("2025-01-01T00:00:30Z");

    static final class Fixture implements CronJobController.Listers, CronJobController.Actions, EventRecorder {
        CronJob cronJob;
        final List<Job> jobs = new ArrayList<>();
        final List<String> actions = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        CronJob written;

        @Override
        public CronJob cronJob(String key) {
            return cronJob;
        }

        @Override
        public List<Job> jobsOf(String namespace, String uid) {
            return jobs;
        }

        @Override
        public Job createJob(String namespace, Job job) {
            actions.add("create " + job.getMetadata().getName());
            job.getMetadata().setUid("uid-" + job.getMetadata().getName());
            return job;
        }

        @Override
        public void deleteJob(String namespace, String name) {
            actions.add("delete " + name);
        }

        @Override
        public void updateStatus(CronJob cj) {
            written = cj;
            actions.add("update status");
        }

        @Override
        public void event(HasMetadata object, String type, String reason, String message) {
            events.add(reason + ": " + message);
        }
    }

    static CronJob cronJob(Consumer<CronJobBuilder> edit) {
        CronJobBuilder b = new CronJobBuilder().withNewMetadata().withName("cj").withNamespace("default").withUid("cj-uid")
                .withCreationTimestamp(CREATED.toString()).endMetadata()
                .withNewSpec().withSchedule("* * * * *").withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
                .endJobTemplate().endSpec();
        edit.accept(b);
        return b.build();
    }

    static Job job(String name, String finished) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .withCreationTimestamp(CREATED.toString()).endMetadata().withNewStatus().endStatus();
        if (finished != null) {
            b.editStatus().addNewCondition().withType(finished).withStatus("True").endCondition()
                    .withCompletionTime("Complete".equals(finished) ? "2025-01-01T00:01:10Z" : null).endStatus();
        }
        return b.build();
    }

    record Case(String name, CronJob cronJob, List<Job> jobs, String now, List<String> actions, List<String> events) {
        @Override
        public String toString() {
            return name;
        }
    }

    // 2025-01-01T00:01Z is minute 28_928_161 since the epoch.
    static Stream<Case> cases() {
        return Stream.of(
                new Case("not yet time", cronJob(b -> { }), List.of(), "2025-01-01T00:00:59Z", List.of(), List.of()),
                new Case("on time a job is made", cronJob(b -> { }), List.of(), "2025-01-01T00:01:05Z",
                        List.of("create cj-28928161", "update status"), List.of("SuccessfulCreate: Created job cj-28928161")),
                new Case("suspended", cronJob(b -> b.editSpec().withSuspend(true).endSpec()), List.of(), "2025-01-01T00:01:05Z",
                        List.of(), List.of()),
                new Case("a time further back than the starting deadline is not run", cronJob(b -> b.editSpec().withStartingDeadlineSeconds(10L)
                        .endSpec()), List.of(), "2025-01-01T00:01:11Z", List.of(), List.of()),
                new Case("within the starting deadline it is run", cronJob(b -> b.editSpec().withStartingDeadlineSeconds(10L)
                        .endSpec()), List.of(), "2025-01-01T00:01:09Z", List.of("create cj-28928161", "update status"),
                        List.of("SuccessfulCreate: Created job cj-28928161")),
                new Case("forbid with one running", cronJob(b -> b.editSpec().withConcurrencyPolicy("Forbid").endSpec()),
                        List.of(job("cj-28928160", null)), "2025-01-01T00:01:05Z", List.of("update status"),
                        List.of("JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid")),
                new Case("replace deletes the running one", cronJob(b -> b.editSpec().withConcurrencyPolicy("Replace").endSpec()),
                        List.of(job("cj-28928160", null)), "2025-01-01T00:01:05Z",
                        List.of("delete cj-28928160", "create cj-28928161", "update status"),
                        List.of("SuccessfulDelete: Deleted job cj-28928160", "SuccessfulCreate: Created job cj-28928161")),
                new Case("allow runs alongside", cronJob(b -> { }), List.of(job("cj-28928160", null)), "2025-01-01T00:01:05Z",
                        List.of("create cj-28928161", "update status"), List.of("SuccessfulCreate: Created job cj-28928161")),
                new Case("a finished active job is seen and history is trimmed",
                        cronJob(b -> b.editSpec().withSchedule("0 * * * *").withSuccessfulJobsHistoryLimit(1).endSpec()
                                .withNewStatus().addNewActive().withName("cj-3").withUid("uid-cj-3").endActive().endStatus()),
                        List.of(job("cj-1", "Complete"), job("cj-2", "Failed"), job("cj-3", "Complete")), "2025-01-01T00:01:05Z",
                        List.of("update status", "delete cj-1"),
                        List.of("SawCompletedJob: Saw completed job: cj-3, condition: Complete", "SuccessfulDelete: Deleted job cj-1")),
                new Case("an active job that is gone is dropped",
                        cronJob(b -> b.editSpec().withSchedule("0 * * * *").endSpec()
                                .withNewStatus().addNewActive().withName("cj-9").withUid("uid-cj-9").endActive().endStatus()),
                        List.of(), "2025-01-01T00:01:05Z", List.of("update status"), List.of("MissingJob: Active job went missing: cj-9")),
                new Case("an unknown time zone", cronJob(b -> b.editSpec().withTimeZone("Mars/Olympus").endSpec()), List.of(),
                        "2025-01-01T00:01:05Z", List.of(), List.of("UnknownTimeZone")),
                new Case("an unparseable schedule", cronJob(b -> b.editSpec().withSchedule("* * *").endSpec()), List.of(),
                        "2025-01-01T00:01:05Z", List.of(), List.of("UnparseableSchedule")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sync(Case c) {
        FakeClock clock = new FakeClock(Instant.parse(c.now()));
        Fixture f = new Fixture();
        f.cronJob = c.cronJob();
        f.jobs.addAll(c.jobs());
        new CronJobController(f, f, f, WorkQueue.withDefaultRateLimiter(clock), clock).sync("default/cj");
        assertThat(f.actions).isEqualTo(c.actions());
        assertThat(f.events).hasSize(c.events().size());
        for (int i = 0; i < c.events().size(); i++) assertThat(f.events.get(i)).startsWith(c.events().get(i));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void statusAfterSync(Case c) {
        FakeClock clock = new FakeClock(Instant.parse(c.now()));
        Fixture f = new Fixture();
        f.cronJob = c.cronJob();
        f.jobs.addAll(c.jobs());
        new CronJobController(f, f, f, WorkQueue.withDefaultRateLimiter(clock), clock).sync("default/cj");
        if (c.actions().contains("create cj-28928161")) {
            assertThat(f.written.getStatus().getLastScheduleTime()).isEqualTo("2025-01-01T00:01:00Z");
            assertThat(f.written.getStatus().getActive()).extracting(r -> r.getName()).contains("cj-28928161");
        }
        if (c.name().startsWith("a finished active job")) {
            assertThat(f.written.getStatus().getLastSuccessfulTime()).isEqualTo("2025-01-01T00:01:10Z");
            assertThat(f.written.getStatus().getActive()).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void theJobCarriesTheTemplateAndItsOwner() {
        FakeClock clock = new FakeClock(CREATED);
        Fixture f = new Fixture();
        var cj = cronJob(b -> b.editSpec().editJobTemplate().withNewMetadata().addToLabels("app", "x").endMetadata().endJobTemplate()
                .endSpec());
        Job j = new CronJobController(f, f, f, WorkQueue.withDefaultRateLimiter(clock), clock)
                .jobFor(cj, "cj-1", Instant.parse("2025-01-01T00:01:00Z"), java.time.ZoneOffset.UTC);
        assertThat(j.getMetadata().getLabels()).containsEntry("app", "x");
        assertThat(j.getMetadata().getAnnotations()).containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2025-01-01T00:01:00Z");
        var ref = j.getMetadata().getOwnerReferences().getFirst();
        assertThat(List.of(ref.getKind(), ref.getName(), ref.getUid())).containsExactly("CronJob", "cj", "cj-uid");
        assertThat(ref.getController()).isTrue();
        assertThat(j.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    }
}
