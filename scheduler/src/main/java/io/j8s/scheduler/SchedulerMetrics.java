package io.j8s.scheduler;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The scheduler's metrics with upstream's names and labels (pkg/scheduler/metrics), one registry
 * per scheduler so two in one JVM (tests, {@code j8s server} plus a standby) do not mix.
 */
final class SchedulerMetrics {

    static final String SCHEDULED = "scheduled";
    static final String UNSCHEDULABLE = "unschedulable";
    static final String ERROR = "error";

    private static final double[] LATENCY_BUCKETS = exponential(0.001, 2, 15);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter attempts = Counter.builder().name("scheduler_schedule_attempts_total")
            .help("Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem.")
            .labelNames("result", "profile").register(registry);
    private final Histogram attemptDuration = Histogram.builder().name("scheduler_scheduling_attempt_duration_seconds")
            .help("Scheduling attempt latency in seconds (scheduling algorithm + binding)")
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).labelNames("result", "profile").register(registry);
    /** Deprecated upstream in favour of the one above; kept because dashboards still read it. */
    private final Histogram e2eDuration = Histogram.builder().name("scheduler_e2e_scheduling_duration_seconds")
            .help("E2e scheduling latency in seconds (scheduling algorithm + binding). This metric is replaced by scheduling_attempt_duration_seconds.")
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).labelNames("result", "profile").register(registry);
    private final Histogram sliDuration = Histogram.builder().name("scheduler_pod_scheduling_sli_duration_seconds")
            .help("E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue and might involve multiple scheduling attempts.")
            .classicOnly().classicUpperBounds(exponential(0.01, 2, 20)).labelNames("attempts").register(registry);
    private final Histogram podAttempts = Histogram.builder().name("scheduler_pod_scheduling_attempts")
            .help("Number of attempts to successfully schedule a pod.")
            .classicOnly().classicUpperBounds(1, 2, 4, 8, 16).register(registry);
    private final Gauge pending = Gauge.builder().name("scheduler_pending_pods")
            .help("Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.")
            .labelNames("queue").register(registry);
    private final Counter incoming = Counter.builder().name("scheduler_queue_incoming_pods_total")
            .help("Number of pods added to scheduling queues by event and queue type.")
            .labelNames("queue", "event").register(registry);
    private final Counter preemptionAttempts = Counter.builder().name("scheduler_preemption_attempts_total")
            .help("Total preemption attempts in the cluster till now").register(registry);
    private final Histogram preemptionVictims = Histogram.builder().name("scheduler_preemption_victims")
            .help("Number of selected preemption victims").classicOnly().classicUpperBounds(exponential(1, 2, 7)).register(registry);
    private final Gauge cacheSize = Gauge.builder().name("scheduler_cache_size")
            .help("Number of nodes, pods, and assumed (bound) pods in the scheduler cache.").labelNames("type").register(registry);
    private final Gauge leader = Gauge.builder().name("leader_election_master_status")
            .help("Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease.")
            .labelNames("name").register(registry);

    private final Supplier<Map<String, Integer>> queueLengths;
    private final Supplier<Map<String, Integer>> cacheSizes;

    SchedulerMetrics(Supplier<Map<String, Integer>> queueLengths, Supplier<Map<String, Integer>> cacheSizes) {
        this.queueLengths = queueLengths;
        this.cacheSizes = cacheSizes;
    }

    private static double[] exponential(double start, double factor, int count) {
        double[] b = new double[count];
        for (int i = 0; i < count; i++) b[i] = start * Math.pow(factor, i);
        return b;
    }

    void attempt(String result, String profile, double seconds) {
        attempts.labelValues(result, profile).inc();
        attemptDuration.labelValues(result, profile).observe(seconds);
        e2eDuration.labelValues(result, profile).observe(seconds);
    }

    void podScheduled(int attemptCount, double sinceFirstAttemptSeconds) {
        sliDuration.labelValues(Integer.toString(attemptCount)).observe(sinceFirstAttemptSeconds);
        podAttempts.observe(attemptCount);
    }

    void incoming(String queue, String event) {
        incoming.labelValues(queue, event).inc();
    }

    void preemption(int victims) {
        preemptionAttempts.inc();
        preemptionVictims.observe(victims);
    }

    void leader(String lease, boolean isLeader) {
        leader.labelValues(lease).set(isLeader ? 1 : 0);
    }

    long attempts(String result, String profile) {
        return (long) attempts.labelValues(result, profile).get();
    }

    String scrape() {
        queueLengths.get().forEach((q, n) -> pending.labelValues(q).set(n));
        cacheSizes.get().forEach((t, n) -> cacheSize.labelValues(t).set(n));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
