package io.j8s.proxy.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * kube-proxy's metrics with upstream's names (pkg/proxy/metrics/metrics.go), one registry per proxy.
 * Rule counts have no upstream nftables name yet; they follow iptables'
 * {@code kubeproxy_sync_proxy_rules_iptables_total{table}} as {@code ..._nftables_objects{kind}} (the Java client refuses a gauge named _total, so upstream's
 * gauge {@code kubeproxy_sync_proxy_rules_no_local_endpoints_total} loses its suffix here too).
 */
public final class ProxyMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** The node's other Service machinery (cluster DNS) whose metrics this /metrics serves too. */
    private final List<PrometheusRegistry> alsoServed = new CopyOnWriteArrayList<>();
    private final Histogram syncDuration = histogram("kubeproxy_sync_proxy_rules_duration_seconds",
            "SyncProxyRules latency in seconds", exponential(0.001, 2, 15));
    private final Histogram fullSyncDuration = histogram("kubeproxy_sync_full_proxy_rules_duration_seconds",
            "SyncProxyRules latency in seconds for full resyncs", exponential(0.001, 2, 15));
    private final Histogram partialSyncDuration = histogram("kubeproxy_sync_partial_proxy_rules_duration_seconds",
            "SyncProxyRules latency in seconds for partial resyncs", exponential(0.001, 2, 15));
    private final Histogram networkProgramming = histogram("kubeproxy_network_programming_duration_seconds",
            "In Cluster Network Programming Latency in seconds", networkProgrammingBuckets());
    private final Gauge lastSync = Gauge.builder().name("kubeproxy_sync_proxy_rules_last_timestamp_seconds")
            .help("The last time proxy rules were successfully synced").register(registry);
    private final Gauge lastQueued = Gauge.builder().name("kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds")
            .help("The last time a sync of proxy rules was queued").register(registry);
    private final Gauge endpointChangesPending = Gauge.builder().name("kubeproxy_sync_proxy_rules_endpoint_changes_pending")
            .help("Pending proxy rules Endpoint changes").register(registry);
    private final Counter endpointChanges = Counter.builder().name("kubeproxy_sync_proxy_rules_endpoint_changes_total")
            .help("Cumulative proxy rules Endpoint changes").register(registry);
    private final Gauge serviceChangesPending = Gauge.builder().name("kubeproxy_sync_proxy_rules_service_changes_pending")
            .help("Pending proxy rules Service changes").register(registry);
    private final Counter serviceChanges = Counter.builder().name("kubeproxy_sync_proxy_rules_service_changes_total")
            .help("Cumulative proxy rules Service changes").register(registry);
    private final Counter syncFailures = Counter.builder().name("kubeproxy_sync_proxy_rules_nftables_sync_failures_total")
            .help("Cumulative proxy nftables sync failures").register(registry);
    private final Gauge noLocalEndpoints = Gauge.builder().name("kubeproxy_sync_proxy_rules_no_local_endpoints")
            .help("Number of services with a Local traffic policy and no endpoints").labelNames("traffic_policy").register(registry);
    private final Gauge nftablesTotal = Gauge.builder().name("kubeproxy_sync_proxy_rules_nftables_objects")
            .help("Number of nftables objects the proxy programmed, by kind (chains, rules, sets, elements)")
            .labelNames("kind").register(registry);
    private final Counter healthz = Counter.builder().name("kubeproxy_proxy_healthz_total")
            .help("Cumulative proxy healthz HTTP status").labelNames("code").register(registry);

    private volatile Consumer<Duration> programmingListener = d -> { };
    private long lastEndpointChanges;
    private long lastServiceChanges;

    private Histogram histogram(String name, String help, double[] buckets) {
        return Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(buckets).register(registry);
    }

    /** A sync that programmed the rules; {@code full} says which of the two histograms it also goes to. */
    public void syncDone(boolean full, Duration took, Instant at) {
        double s = took.toNanos() / 1e9;
        syncDuration.observe(s);
        (full ? fullSyncDuration : partialSyncDuration).observe(s);
        lastSync.set(at.toEpochMilli() / 1000.0);
    }

    public void syncFailed() {
        syncFailures.inc();
    }

    public void queued(Instant at) {
        lastQueued.set(at.toEpochMilli() / 1000.0);
    }

    public void networkProgrammed(Duration latency) {
        if (!latency.isNegative()) networkProgramming.observe(latency.toNanos() / 1e9);
        programmingListener.accept(latency);
    }

    /** Also hands each network programming latency to {@code listener} (benchmarks keep every sample). */
    public void onNetworkProgrammed(Consumer<Duration> listener) {
        programmingListener = listener;
    }

    /** The trackers' pending counts and cumulative event counts, read at each sync. */
    public synchronized void changes(int servicesPending, long servicesTotal, int endpointsPending, long endpointsTotal) {
        serviceChangesPending.set(servicesPending);
        endpointChangesPending.set(endpointsPending);
        if (servicesTotal > lastServiceChanges) serviceChanges.inc(servicesTotal - lastServiceChanges);
        if (endpointsTotal > lastEndpointChanges) endpointChanges.inc(endpointsTotal - lastEndpointChanges);
        lastServiceChanges = Math.max(lastServiceChanges, servicesTotal);
        lastEndpointChanges = Math.max(lastEndpointChanges, endpointsTotal);
    }

    public void noLocalEndpoints(int internal, int external) {
        noLocalEndpoints.labelValues("internal").set(internal);
        noLocalEndpoints.labelValues("external").set(external);
    }

    public void nftablesObjects(int chains, int rules, int sets, int elements) {
        nftablesTotal.labelValues("chains").set(chains);
        nftablesTotal.labelValues("rules").set(rules);
        nftablesTotal.labelValues("sets").set(sets);
        nftablesTotal.labelValues("elements").set(elements);
    }

    void healthzServed(int code) {
        healthz.labelValues(Integer.toString(code)).inc();
    }

    /** Serves {@code other}'s metrics on this /metrics too (the agent's cluster DNS). */
    public void serveAlso(PrometheusRegistry other) {
        alsoServed.add(other);
    }

    /** The Prometheus text exposition of every metric. */
    public byte[] scrape() {
        var out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
            for (PrometheusRegistry other : alsoServed) PrometheusTextFormatWriter.create().write(out, other.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static double[] exponential(double start, double factor, int count) {
        double[] b = new double[count];
        for (int i = 0; i < count; i++) b[i] = start * Math.pow(factor, i);
        return b;
    }

    /** Upstream's buckets: 0.25 s steps to 0.5 s, 1 s steps to 59 s, 5 s to 115 s, 30 s to 300 s. */
    private static double[] networkProgrammingBuckets() {
        List<Double> b = new ArrayList<>(List.of(0.25, 0.5));
        for (int i = 1; i <= 59; i++) b.add((double) i);
        for (int i = 0; i < 12; i++) b.add(60.0 + 5 * i);
        for (int i = 0; i < 7; i++) b.add(120.0 + 30 * i);
        return b.stream().distinct().sorted().mapToDouble(Double::doubleValue).toArray();
    }
}
