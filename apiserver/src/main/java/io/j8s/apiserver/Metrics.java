package io.j8s.apiserver;

import io.j8s.apiserver.service.ServiceAllocator;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The API server's metrics, with upstream's names and labels, in Prometheus' text format. */
public final class Metrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("apiserver_request_total")
            .help("Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.")
            .labelNames("verb", "dry_run", "group", "version", "resource", "subresource", "scope", "component", "code")
            .register(registry);
    private final Histogram duration = Histogram.builder().name("apiserver_request_duration_seconds")
            .help("Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.")
            .classicOnly()
            .classicUpperBounds(0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60)
            .labelNames("verb", "dry_run", "group", "version", "resource", "subresource", "scope", "component")
            .register(registry);
    private final Gauge storageObjects = Gauge.builder().name("apiserver_storage_objects")
            .help("Number of stored objects at the time of last check split by kind.")
            .labelNames("resource").register(registry);
    private final Gauge watchers = Gauge.builder().name("apiserver_registered_watchers")
            .help("Number of currently registered watchers for a given resources").register(registry);
    private final Gauge allocatedIps = Gauge.builder().name("kube_apiserver_clusterip_allocator_allocated_ips")
            .help("Gauge measuring the number of allocated IPs for Services").labelNames("cidr").register(registry);
    private final Gauge availableIps = Gauge.builder().name("kube_apiserver_clusterip_allocator_available_ips")
            .help("Gauge measuring the number of available IPs for Services").labelNames("cidr").register(registry);
    private final Gauge allocatedPorts = Gauge.builder().name("kube_apiserver_nodeport_allocator_allocated_ports")
            .help("Gauge measuring the number of allocated NodePorts for Services").register(registry);
    private final Gauge availablePorts = Gauge.builder().name("kube_apiserver_nodeport_allocator_available_ports")
            .help("Gauge measuring the number of available NodePorts for Services").register(registry);
    private final Supplier<Map<String, Integer>> objectCounts;
    private final IntSupplier openWatches;
    private final Supplier<ServiceAllocator.Usage> serviceUsage;

    public Metrics(Supplier<Map<String, Integer>> objectCounts, IntSupplier openWatches, Supplier<ServiceAllocator.Usage> serviceUsage) {
        this.objectCounts = objectCounts;
        this.openWatches = openWatches;
        this.serviceUsage = serviceUsage;
    }

    /** Records one request; {@code scope} is "resource", "namespace", "cluster" or "" for non-resource paths. */
    public void observe(String verb, boolean dryRun, String group, String version, String resource, String subresource,
                        String scope, int code, double seconds) {
        String dry = dryRun ? "All" : "";
        requests.labelValues(verb, dry, group, version, resource, subresource, scope, "apiserver", Integer.toString(code)).inc();
        duration.labelValues(verb, dry, group, version, resource, subresource, scope, "apiserver").observe(seconds);
    }

    public String scrape() {
        for (Map.Entry<String, Integer> e : objectCounts.get().entrySet()) {
            // "core/pods" → "pods", "apps/deployments" → "deployments.apps", as upstream labels them
            String[] gr = e.getKey().split("/", 2);
            storageObjects.labelValues(gr[0].equals("core") ? gr[1] : gr[1] + "." + gr[0]).set(e.getValue());
        }
        watchers.set(openWatches.getAsInt());
        ServiceAllocator.Usage usage = serviceUsage.get();
        allocatedIps.labelValues(usage.cidr()).set(usage.allocatedIps());
        availableIps.labelValues(usage.cidr()).set(usage.availableIps());
        allocatedPorts.set(usage.allocatedPorts());
        availablePorts.set(usage.availablePorts());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
