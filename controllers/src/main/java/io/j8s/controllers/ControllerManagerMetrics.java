package io.j8s.controllers;

import io.j8s.controllers.runtime.MetricsProvider;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The controller manager's {@code /metrics}: client-go's work queue metrics by queue name
 * (k8s.io/component-base/metrics/prometheus/workqueue, same names, help, buckets) and the leader
 * election gauge. One registry per manager, so two in one JVM (tests, a standby) do not mix.
 */
final class ControllerManagerMetrics implements MetricsProvider {

    /** prometheus.ExponentialBuckets(10e-9, 10, 10): 10 ns to 10 s. */
    private static final double[] DURATION_BUCKETS = {1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge depth = Gauge.builder().name("workqueue_depth")
            .help("Current depth of workqueue").labelNames("name").register(registry);
    private final Counter adds = Counter.builder().name("workqueue_adds_total")
            .help("Total number of adds handled by workqueue").labelNames("name").register(registry);
    private final Histogram latency = Histogram.builder().name("workqueue_queue_duration_seconds")
            .help("How long in seconds an item stays in workqueue before being requested.")
            .classicOnly().classicUpperBounds(DURATION_BUCKETS).labelNames("name").register(registry);
    private final Histogram workDuration = Histogram.builder().name("workqueue_work_duration_seconds")
            .help("How long in seconds processing an item from workqueue takes.")
            .classicOnly().classicUpperBounds(DURATION_BUCKETS).labelNames("name").register(registry);
    private final Counter retries = Counter.builder().name("workqueue_retries_total")
            .help("Total number of retries handled by workqueue").labelNames("name").register(registry);
    private final Gauge leader = Gauge.builder().name("leader_election_master_status")
            .help("Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. "
                    + "'name' is the string used to identify the lease. Please make sure to group by name.")
            .labelNames("name").register(registry);
    /** The live queue of each name (a new term as leader makes new queues under the same names). */
    private final Map<String, Supplier<UnfinishedWork>> unfinished = new ConcurrentHashMap<>();

    ControllerManagerMetrics() {
        GaugeWithCallback.builder().name("workqueue_unfinished_work_seconds")
                .help("How many seconds of work has done that is in progress and hasn't been observed by work_duration. Large values "
                        + "indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.")
                .labelNames("name")
                .callback(cb -> unfinished.forEach((name, u) -> cb.call(u.get().totalSeconds(), name)))
                .register(registry);
        GaugeWithCallback.builder().name("workqueue_longest_running_processor_seconds")
                .help("How many seconds has the longest running processor for workqueue been running.")
                .labelNames("name")
                .callback(cb -> unfinished.forEach((name, u) -> cb.call(u.get().longestSeconds(), name)))
                .register(registry);
    }

    @Override
    public Instruments queue(String name, Supplier<UnfinishedWork> unfinishedWork) {
        GaugeDataPoint d = depth.labelValues(name);
        d.set(0);
        CounterDataPoint a = adds.labelValues(name);
        DistributionDataPoint l = latency.labelValues(name);
        DistributionDataPoint w = workDuration.labelValues(name);
        CounterDataPoint r = retries.labelValues(name);
        unfinished.put(name, unfinishedWork);
        return new Instruments() {
            @Override
            public void added() {
                a.inc();
                d.inc();
            }

            @Override
            public void taken(double queuedSeconds) {
                d.dec();
                if (!Double.isNaN(queuedSeconds)) l.observe(queuedSeconds);
            }

            @Override
            public void finished(double workSeconds) {
                w.observe(workSeconds);
            }

            @Override
            public void retried() {
                r.inc();
            }
        };
    }

    /** {@code leader_election_master_status{name=lease}}: 1 while this manager holds the lease, else 0. */
    void leader(String lease, boolean isLeader) {
        leader.labelValues(lease).set(isLeader ? 1 : 0);
    }

    /** The Prometheus text exposition (format 0.0.4) of everything above. */
    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
