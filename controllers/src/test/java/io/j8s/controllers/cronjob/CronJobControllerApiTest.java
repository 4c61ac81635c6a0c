package io.j8s.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.TestServer;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.Informers;
import io.j8s.controllers.runtime.ApiEventRecorder;
import io.j8s.controllers.runtime.Controller;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CronJob controller against a real API server on an injected clock: the test moves the clock
 * a minute and wakes the controller, and finishes Jobs by writing their status (no Job controller).
 */
class CronJobControllerApiTest {

    TestServer server;
    KubernetesClient client;
    Informers informers;
    ApiEventRecorder recorder;
    Controller controller;
    FakeClock clock;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        informers = new Informers(client);
        // The API server stamps creation with the real time; the controller's clock starts there.
        clock = new FakeClock(Instant.now());
        var options = new ControllerManagerOptions(List.of("*"), false, ControllerManagerOptions.defaults().leaderElection(), 2,
                ControllerManagerOptions.NodeIpam.DEFAULT, clock);
        recorder = new ApiEventRecorder(client, CronJobController.COMPONENT, "", clock);
        controller = CronJobControllers.create(new ControllerContext(client, informers, options, c -> recorder));
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

    void nextMinute() {
        clock.advance(Duration.ofMinutes(1));
        controller.queue().add("default/cj");
    }

    List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace("default").list().getItems();
    }

    boolean sawEvent(String reason) {
        return client.v1().events().inNamespace("default").list().getItems().stream().anyMatch(e -> reason.equals(e.getReason()));
    }

    @Test
    void createsAJobEachMinuteAndForbidWaitsForTheRunningOne() {
        CronJob cj = new CronJobBuilder().withNewMetadata().withName("cj").withNamespace("default").endMetadata()
                .withNewSpec().withSchedule("* * * * *").withConcurrencyPolicy("Forbid")
                .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().endJobTemplate()
                .endSpec().build();
        Instant created = Instant.parse(client.batch().v1().cronjobs().inNamespace("default").resource(cj).create()
                .getMetadata().getCreationTimestamp());
        // Had the real clock passed a minute boundary since the fake one was read, catch up.
        if (created.isAfter(clock.instant())) clock.advance(Duration.between(clock.instant(), created));
        nextMinute();
        await(() -> jobs().size() == 1);
        Job first = jobs().getFirst();
        long minute = clock.instant().getEpochSecond() / 60;
        assertThat(first.getMetadata().getName()).isEqualTo("cj-" + minute);
        assertThat(first.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("CronJob");
        await(() -> {
            var s = client.batch().v1().cronjobs().inNamespace("default").withName("cj").get().getStatus();
            return s != null && s.getActive().size() == 1 && s.getLastScheduleTime() != null;
        });
        await(() -> sawEvent("SuccessfulCreate"));

        // Forbid: the first still runs, so the next minute makes nothing.
        nextMinute();
        await(() -> sawEvent("JobAlreadyActive"));
        assertThat(jobs()).hasSize(1);

        // It completes: the start Forbid held back is made up at once (no startingDeadlineSeconds), as upstream.
        String done = clock.instant().toString();
        first.setStatus(new JobStatusBuilder().addNewCondition().withType("Complete").withStatus("True").endCondition()
                .withCompletionTime(Instant.parse(done).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).build());
        client.batch().v1().jobs().inNamespace("default").resource(first).updateStatus();
        await(() -> sawEvent("SawCompletedJob"));
        await(() -> client.batch().v1().cronjobs().inNamespace("default").withName("cj").get().getStatus().getLastSuccessfulTime() != null);
        await(() -> jobs().size() == 2);
        assertThat(jobs()).extracting(j -> j.getMetadata().getName()).containsExactlyInAnyOrder("cj-" + minute, "cj-" + (minute + 1));
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
