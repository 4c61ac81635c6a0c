package io.j8s.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.TestServer;
import io.j8s.controllers.runtime.RateLimiter;
import io.j8s.controllers.runtime.WorkQueue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The workqueue_* metrics a queue reports, on a fake clock, and /metrics of a running manager. */
class ControllerManagerMetricsTest {

    final FakeClock clock = new FakeClock();
    final ControllerManagerMetrics metrics = new ControllerManagerMetrics();
    final WorkQueue queue = new WorkQueue("replicaset", clock,
            new RateLimiter.ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1)), metrics);

    /** The value of the sample {@code name{labels}} in a text exposition, or NaN when absent. */
    static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    double value(String metric) {
        return sample(metrics.scrape(), metric + "{name=\"replicaset\"}");
    }

    double bucket(String histogram, String le) {
        return sample(metrics.scrape(), histogram + "_bucket{name=\"replicaset\",le=\"" + le + "\"}");
    }

    @Test
    void addsGetsDonesAndRetriesAreCountedAndTimedOnTheQueuesClock() {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(value("workqueue_adds_total")).as("a key already queued is not added again").isEqualTo(2);
        assertThat(value("workqueue_depth")).isEqualTo(2);

        clock.advance(Duration.ofSeconds(2));
        assertThat(queue.poll()).contains("a");
        assertThat(value("workqueue_depth")).isEqualTo(1);
        assertThat(value("workqueue_queue_duration_seconds_count")).isEqualTo(1);
        assertThat(value("workqueue_queue_duration_seconds_sum")).isEqualTo(2);
        assertThat(bucket("workqueue_queue_duration_seconds", "1.0")).isZero();
        assertThat(bucket("workqueue_queue_duration_seconds", "10.0")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(3));
        assertThat(value("workqueue_unfinished_work_seconds")).isEqualTo(3);
        assertThat(value("workqueue_longest_running_processor_seconds")).isEqualTo(3);
        assertThat(queue.poll()).contains("b");
        assertThat(value("workqueue_queue_duration_seconds_sum")).as("b waited 5 s").isEqualTo(7);
        clock.advance(Duration.ofSeconds(1));
        assertThat(value("workqueue_unfinished_work_seconds")).as("a 4 s, b 1 s").isEqualTo(5);
        assertThat(value("workqueue_longest_running_processor_seconds")).isEqualTo(4);

        queue.add("a");
        assertThat(value("workqueue_adds_total")).as("an add while processing counts, as upstream").isEqualTo(3);
        assertThat(value("workqueue_depth")).isEqualTo(1);
        queue.done("a");
        assertThat(value("workqueue_work_duration_seconds_count")).isEqualTo(1);
        assertThat(value("workqueue_work_duration_seconds_sum")).isEqualTo(4);
        assertThat(value("workqueue_depth")).as("requeued by done, not added again").isEqualTo(1);
        assertThat(value("workqueue_adds_total")).isEqualTo(3);

        queue.addRateLimited("b");
        queue.done("b");
        assertThat(value("workqueue_retries_total")).isEqualTo(1);
        assertThat(value("workqueue_work_duration_seconds_sum")).isEqualTo(5);
        assertThat(value("workqueue_unfinished_work_seconds")).isZero();
        assertThat(value("workqueue_longest_running_processor_seconds")).isZero();

        queue.addAfter("c", Duration.ZERO);
        assertThat(value("workqueue_retries_total")).as("every addAfter is a retry, as upstream").isEqualTo(2);
        assertThat(value("workqueue_adds_total")).isEqualTo(4);
        clock.advance(Duration.ofSeconds(1));
        assertThat(value("workqueue_adds_total")).as("b is added once its backoff passed").isEqualTo(4);
        assertThat(queue.poll()).contains("a");
        assertThat(value("workqueue_adds_total")).isEqualTo(5);
        assertThat(value("workqueue_depth")).isEqualTo(2);
    }

    @Test
    void aQueueWithoutAProviderReportsNothingAndStillWorks() {
        WorkQueue plain = WorkQueue.withDefaultRateLimiter(clock);
        plain.add("a");
        assertThat(plain.poll()).contains("a");
        plain.done("a");
        assertThat(metrics.scrape()).doesNotContain("name=\"\"");
    }

    @Test
    void aRunningManagerServesItsQueuesAndLeadershipOnMetrics() throws Exception {
        try (TestServer server = TestServer.start();
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                     .withMasterUrl(server.url()).withRequestRetryBackoffLimit(0).build()).build();
             ControllerManager cm = ControllerManager.start(client,
                     ControllerManagerOptions.defaults().withLeaderElection(true, ControllerManagerTest.FAST))) {
            int port = cm.serve("127.0.0.1", 0);
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
            ControllerManagerTest.await(() -> sample(get(http, uri).body(), "leader_election_master_status{name=\"kube-controller-manager\"}") == 1);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("metrics").endMetadata().build()).create();
            ControllerManagerTest.await(() -> sample(get(http, uri).body(), "workqueue_work_duration_seconds_count{name=\"serviceaccount\"}") >= 1);

            HttpResponse<String> r = get(http, uri);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            for (String name : List.of("replicaset", "deployment", "garbage_collector_attempt_to_delete", "namespace", "job", "cronjob")) {
                for (String metric : List.of("workqueue_depth", "workqueue_adds_total", "workqueue_queue_duration_seconds_count",
                        "workqueue_work_duration_seconds_count", "workqueue_retries_total", "workqueue_unfinished_work_seconds",
                        "workqueue_longest_running_processor_seconds")) {
                    assertThat(sample(r.body(), metric + "{name=\"" + name + "\"}")).as(metric + " of " + name).isNotNaN();
                }
            }
            assertThat(sample(r.body(), "workqueue_adds_total{name=\"serviceaccount\"}")).isGreaterThanOrEqualTo(1);
            // Every controller's queue reports under a name of its own (ControllerContext.workQueue).
            Matcher m = Pattern.compile("(?m)^workqueue_depth\\{name=\"([^\"]+)\"\\}").matcher(r.body());
            java.util.Set<String> queues = new java.util.HashSet<>();
            while (m.find()) queues.add(m.group(1));
            assertThat(queues).as("one queue per controller").hasSize(Descriptors.names().size()).doesNotContain("");
            assertThat(get(http, URI.create("http://127.0.0.1:" + port + "/healthz")).body()).isEqualTo("ok");
        }
    }

    static HttpResponse<String> get(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
