package io.j8s.proxy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.j8s.proxy.metrics.ProxierHealth;
import io.j8s.proxy.metrics.ProxyMetrics;
import io.j8s.proxy.metrics.ProxyServers;
import io.j8s.proxy.nftables.Nft;
import io.j8s.proxy.nftables.NftablesProxier;
import io.j8s.proxy.tracker.EndpointsChangeTracker;
import io.j8s.proxy.tracker.ServiceChangeTracker;
import io.j8s.proxy.userspace.UserspaceProxier;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy on one node, as an API client: shared informers on Services and EndpointSlices feed
 * the change trackers, a bounded-frequency runner syncs the proxier ({@code nftables} where this is
 * root on Linux with nft, {@code userspace} otherwise), /healthz and /metrics are served.
 * The informers come from the agent's factory, shared with cluster DNS; upstream's label selector
 * (no {@code service.kubernetes.io/headless}, no {@code service.kubernetes.io/service-proxy-name})
 * is applied by the trackers, since a shared informer watches everything once.
 */
public final class KubeProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeProxy.class);

    private final Proxier proxier;
    private final BoundedFrequencyRunner runner;
    private final ProxyServers servers;
    private final ProxierHealth health;
    private final ProxyMetrics metrics;
    private final SharedIndexInformer<Service> serviceInformer;
    private final SharedIndexInformer<EndpointSlice> sliceInformer;
    private final ResourceEventHandler<Service> serviceHandler;
    private final ResourceEventHandler<EndpointSlice> sliceHandler;

    private KubeProxy(Proxier proxier, BoundedFrequencyRunner runner, ProxyServers servers, ProxierHealth health,
                      ProxyMetrics metrics, SharedIndexInformer<Service> serviceInformer,
                      SharedIndexInformer<EndpointSlice> sliceInformer, ResourceEventHandler<Service> serviceHandler,
                      ResourceEventHandler<EndpointSlice> sliceHandler) {
        this.proxier = proxier;
        this.runner = runner;
        this.servers = servers;
        this.health = health;
        this.metrics = metrics;
        this.serviceInformer = serviceInformer;
        this.sliceInformer = sliceInformer;
        this.serviceHandler = serviceHandler;
        this.sliceHandler = sliceHandler;
    }

    public static KubeProxy start(KubernetesClient client, SharedInformerFactory informers, ProxyConfig config) {
        return start(client, informers, config, Clock.systemUTC());
    }

    /** As {@link #start(KubernetesClient, SharedInformerFactory, ProxyConfig)}, serving {@code alsoServed}'s metrics on its /metrics too. */
    public static KubeProxy start(KubernetesClient client, SharedInformerFactory informers, ProxyConfig config,
            PrometheusRegistry alsoServed) {
        return start(client, informers, config, Clock.systemUTC(), alsoServed);
    }

    /** Starts the proxy; returns at once (the first sync follows the informers' initial lists). */
    public static KubeProxy start(KubernetesClient client, SharedInformerFactory informers, ProxyConfig config, Clock clock) {
        return start(client, informers, config, clock, null);
    }

    private static KubeProxy start(KubernetesClient client, SharedInformerFactory informers, ProxyConfig config, Clock clock,
            PrometheusRegistry alsoServed) {
        var services = new ServiceChangeTracker();
        var endpoints = new EndpointsChangeTracker(config.nodeName(), clock.instant());
        var metrics = new ProxyMetrics();
        if (alsoServed != null) metrics.serveAlso(alsoServed);
        var health = new ProxierHealth(clock, config.syncPeriod().multipliedBy(2));
        Proxier proxier = proxierFor(config, services, endpoints, metrics, health, clock);
        ProxyServers servers = ProxyServers.start(config.healthzBindAddress(), config.metricsBindAddress(), health, metrics);
        var runner = new BoundedFrequencyRunner("kube-proxy-sync", proxier::sync, config.minSyncPeriod(), config.syncPeriod(),
                Duration.ofSeconds(1));

        AtomicLong serviceAdds = new AtomicLong();
        AtomicLong sliceAdds = new AtomicLong();
        Runnable queued = () -> {
            health.queued();
            metrics.queued(clock.instant());
            runner.run();
        };
        ResourceEventHandler<Service> onService = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service s) {
                serviceAdds.incrementAndGet();
                if (services.update(null, s)) queued.run();
            }

            @Override
            public void onUpdate(Service old, Service s) {
                if (services.update(old, s)) queued.run();
            }

            @Override
            public void onDelete(Service s, boolean unknownFinalState) {
                if (services.update(s, null)) queued.run();
            }
        };
        ResourceEventHandler<EndpointSlice> onSlice = new ResourceEventHandler<>() {
            @Override
            public void onAdd(EndpointSlice s) {
                sliceAdds.incrementAndGet();
                if (endpoints.endpointSliceUpdate(s, false)) queued.run();
            }

            @Override
            public void onUpdate(EndpointSlice old, EndpointSlice s) {
                if (endpoints.endpointSliceUpdate(s, false)) queued.run();
            }

            @Override
            public void onDelete(EndpointSlice s, boolean unknownFinalState) {
                if (endpoints.endpointSliceUpdate(s, true)) queued.run();
            }
        };
        SharedIndexInformer<Service> svcInformer = informer(informers, Service.class);
        SharedIndexInformer<EndpointSlice> sliceInformer = informer(informers, EndpointSlice.class);
        svcInformer.addEventHandler(onService);
        sliceInformer.addEventHandler(onSlice);
        svcInformer.start();
        sliceInformer.start();
        // The first sync waits for both initial lists, so it never programs a service without its endpoints.
        Thread.ofVirtual().name("kube-proxy-wait-synced").start(() -> {
            try {
                svcInformer.start().toCompletableFuture().get();
                sliceInformer.start().toCompletableFuture().get();
                // The handlers may still be receiving the initial lists: wait until they have seen as
                // many objects as the caches hold, so the first sync programs everything at once.
                awaitDelivered(serviceAdds, svcInformer.getStore().list().size());
                awaitDelivered(sliceAdds, sliceInformer.getStore().list().size());
            } catch (Exception e) {
                LOG.warn("kube-proxy's informers did not sync: {}", e.getMessage());
            }
            runner.start();
        });
        if (config.annotateNode()) annotate(client, config.nodeName(), proxier.mode());
        LOG.info("kube-proxy started in {} mode on node {} (cluster CIDR {}, min sync period {}, sync period {})",
                proxier.mode(), config.nodeName(), config.clusterCidr().isEmpty() ? "none" : config.clusterCidr(),
                config.minSyncPeriod(), config.syncPeriod());
        return new KubeProxy(proxier, runner, servers, health, metrics, svcInformer, sliceInformer, onService, onSlice);
    }

    private static Proxier proxierFor(ProxyConfig config, ServiceChangeTracker services, EndpointsChangeTracker endpoints,
                                      ProxyMetrics metrics, ProxierHealth health, Clock clock) {
        boolean nftUsable = System.getProperty("os.name", "").toLowerCase().contains("linux") && Nft.available(config.nftPrefix());
        String mode = config.mode();
        if (mode.equals(ProxyConfig.NFTABLES) && !nftUsable) {
            throw new IllegalStateException("--proxy-mode nftables needs root on Linux with the nft command");
        }
        if (mode.isEmpty()) {
            mode = nftUsable ? ProxyConfig.NFTABLES : ProxyConfig.USERSPACE;
            if (!nftUsable) LOG.warn("nftables is not usable here (not root, not Linux, or no nft): using the userspace proxy");
        }
        if (mode.equals(ProxyConfig.NFTABLES)) {
            if (config.nftPrefix().isEmpty()) ensureBridgeNetfilter();
            return new NftablesProxier(new NftablesProxier.Config(config.table(), config.clusterCidr(), config.localDnsPort(),
                    ProxyConfig.FULL_SYNC_PERIOD), Nft.command(config.nftPrefix()), services, endpoints, metrics, health, clock);
        }
        return new UserspaceProxier(config.nodeIp(), services, endpoints, metrics, health, clock);
    }

    private static void awaitDelivered(AtomicLong delivered, int want) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.get() < want && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /**
     * Pods on one bridge answer each other directly, at layer 2: only with br_netfilter's
     * {@code bridge-nf-call-iptables} do those replies meet conntrack and get their DNAT undone.
     * Upstream warns when it is off; being root in the node's namespace, j8s turns it on.
     */
    static void ensureBridgeNetfilter() {
        Path knob = Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");
        try {
            if (!Files.exists(knob)) {
                LOG.warn("br_netfilter is not loaded (no {}): a pod reaching a Service whose endpoint is on its own bridge may not "
                        + "get answers (modprobe br_netfilter)", knob);
            } else if (!Files.readString(knob).strip().equals("1")) {
                Files.writeString(knob, "1");
                LOG.info("Set net.bridge.bridge-nf-call-iptables=1: replies between pods of one bridge pass conntrack");
            }
        } catch (IOException e) {
            LOG.warn("Cannot read or set {}: {}", knob, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> SharedIndexInformer<T> informer(SharedInformerFactory factory, Class<T> type) {
        synchronized (factory) { // cluster DNS asks the same factory (ClusterDns.informer)
            SharedIndexInformer<T> existing = factory.getExistingSharedIndexInformer(type);
            if (existing != null) return existing;
            // client-go's reflector retries a failed list or watch forever; fabric8's informer stops
            // for good when its first list fails (a busy API server at start), so always retry.
            SharedIndexInformer<T> informer = factory.sharedIndexInformerFor(type, 0);
            informer.exceptionHandler((started, e) -> {
                LOG.warn("{} the {} informer failed, retrying: {}", started ? "Watching" : "Listing", type.getSimpleName(), e.toString());
                return true;
            });
            return informer;
        }
    }

    private static void annotate(KubernetesClient client, String node, String mode) {
        try {
            // A merge patch without a resourceVersion: the kubelet updates the Node all the time.
            // resource(named) rather than withName(name), which GETs the node before patching it.
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build()).patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"" + ProxyConfig.MODE_ANNOTATION + "\":\"" + mode + "\"}}}");
        } catch (KubernetesClientException | IllegalStateException e) {
            LOG.warn("Cannot annotate node {} with {}={}: {}", node, ProxyConfig.MODE_ANNOTATION, mode, e.getMessage());
        }
    }

    /** Removes the proxy's nftables table ({@code --cleanup}); true when nothing is left. */
    public static boolean cleanup(ProxyConfig config) {
        var r = Nft.deleteTable(config.nftPrefix(), config.table());
        if (!r.ok()) LOG.error("Cleanup of table ip {} failed: {}", config.table(), r.output().strip());
        return r.ok();
    }

    public String mode() {
        return proxier.mode();
    }

    /** The running proxier (tests read its state). */
    public Proxier proxier() {
        return proxier;
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    public boolean healthy() {
        return health.healthy();
    }

    /** Ports of the healthz and metrics servers started (tests bind port -1 for a free one). */
    public int serverPort(int index) {
        return servers.port(index);
    }

    @Override
    public void close() {
        serviceInformer.removeEventHandler(serviceHandler);
        sliceInformer.removeEventHandler(sliceHandler);
        runner.close();
        servers.close();
        proxier.close();
    }
}
