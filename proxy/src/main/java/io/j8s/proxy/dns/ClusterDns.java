package io.j8s.proxy.dns;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The node-local cluster DNS server: CoreDNS with {@code kubernetes} and {@code forward}, as one
 * component of {@code j8s agent}. Answers the cluster domain from an index that Service and
 * EndpointSlice informer events keep current, forwards everything else to the node's resolvers.
 */
public final class ClusterDns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterDns.class);

    private final ClusterIndex index;
    private final DnsServer server;
    private final Forwarder forwarder;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;
    private final ResourceEventHandler<Service> serviceHandler;
    private final ResourceEventHandler<EndpointSlice> sliceHandler;

    private ClusterDns(ClusterIndex index, DnsServer server, Forwarder forwarder, SharedIndexInformer<Service> services,
            SharedIndexInformer<EndpointSlice> slices, ResourceEventHandler<Service> serviceHandler,
            ResourceEventHandler<EndpointSlice> sliceHandler) {
        this.index = index;
        this.server = server;
        this.forwarder = forwarder;
        this.services = services;
        this.slices = slices;
        this.serviceHandler = serviceHandler;
        this.sliceHandler = sliceHandler;
    }

    /**
     * Starts serving: takes the Service and EndpointSlice informers from {@code informers} (the
     * ones already there, so a node watches each kind once; made there otherwise), starts the
     * factory's informers (again: starting is idempotent), binds UDP and TCP, and registers
     * CoreDNS's metrics in {@code registry}. Answers NXDOMAIN for cluster names until the informers
     * have synced (see {@link #hasSynced()}).
     */
    public static ClusterDns start(SharedInformerFactory informers, DnsConfig config, PrometheusRegistry registry) throws IOException {
        Name zone = ServiceRecords.absolute(config.clusterDomain());
        ClusterIndex index = new ClusterIndex(zone, config.ttlSeconds());
        DnsMetrics metrics = new DnsMetrics(registry, "dns://:" + config.port());
        List<InetSocketAddress> upstreams = config.upstreams().isEmpty()
                ? Upstreams.fromResolvConf(config.resolvConf(), new HashSet<>(config.self()), config.port())
                : config.upstreams();
        Forwarder forwarder = new Forwarder(upstreams, config.forwardTimeout(), metrics);
        SharedIndexInformer<Service> services = informer(informers, Service.class);
        SharedIndexInformer<EndpointSlice> slices = informer(informers, EndpointSlice.class);
        SyncLatch synced = new SyncLatch(services, slices);
        DnsServer server;
        try {
            server = DnsServer.start(new QueryHandler(new ClusterZone(index, synced), forwarder, metrics),
                    SourceAcl.of(config.allowedSources()), config.bindAddress(), config.port(), config.tcpIdleTimeout());
        } catch (IOException e) {
            forwarder.close();
            throw e;
        }
        ResourceEventHandler<Service> serviceHandler = handler(index::putService, index::deleteService);
        ResourceEventHandler<EndpointSlice> sliceHandler = handler(index::putSlice, index::deleteSlice);
        services.addEventHandler(serviceHandler);
        slices.addEventHandler(sliceHandler);
        informers.startAllRegisteredInformers();
        log.info("cluster DNS serving {} on {}:{} (UDP and TCP) to {}, forwarding other names to {}", config.clusterDomain(),
                config.bindAddress(), server.port(), config.allowedSources().isEmpty() ? "everyone" : config.allowedSources(),
                upstreams.isEmpty() ? "nobody (no nameserver in " + config.resolvConf() + ")" : forwarder.upstreams());
        return new ClusterDns(index, server, forwarder, services, slices, serviceHandler, sliceHandler);
    }

    /** The port the UDP and TCP listeners are on: what the proxy redirects the cluster DNS Service's port 53 to. */
    public int port() {
        return server.port();
    }

    /** Whether both informers have listed once, so answers reflect the API. */
    public boolean hasSynced() {
        return services.hasSynced() && slices.hasSynced();
    }

    /** True from the moment both informers have synced on: one volatile read per query after that. */
    private static final class SyncLatch implements java.util.function.BooleanSupplier {
        private final SharedIndexInformer<?> a;
        private final SharedIndexInformer<?> b;
        private volatile boolean synced;

        SyncLatch(SharedIndexInformer<?> a, SharedIndexInformer<?> b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public boolean getAsBoolean() {
            if (!synced && a.hasSynced() && b.hasSynced()) synced = true;
            return synced;
        }
    }

    /** The upstream resolvers names outside the cluster domain go to ({@code ip:port}). */
    public List<String> upstreams() {
        return forwarder.upstreams();
    }

    @Override
    public void close() {
        services.removeEventHandler(serviceHandler);
        slices.removeEventHandler(sliceHandler);
        server.close();
        forwarder.close();
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> SharedIndexInformer<T> informer(SharedInformerFactory informers, Class<T> type) {
        synchronized (informers) {
            SharedIndexInformer<T> existing = informers.getExistingSharedIndexInformer(type);
            if (existing != null) return existing;
            // client-go's reflector retries a failed list or watch forever; fabric8's informer stops
            // for good when its first list fails (a busy API server at start), so always retry.
            SharedIndexInformer<T> informer = informers.sharedIndexInformerFor(type, 0);
            informer.exceptionHandler((started, e) -> {
                log.warn("{} the {} informer failed, retrying: {}", started ? "Watching" : "Listing", type.getSimpleName(), e.toString());
                return true;
            });
            return informer;
        }
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> put, Consumer<T> delete) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                apply(put, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                apply(put, newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                apply(delete, obj);
            }
        };
    }

    private static <T> void apply(Consumer<T> change, T obj) {
        try {
            change.accept(obj);
        } catch (RuntimeException e) {
            // One odd object must not stop the others' names from being served.
            log.warn("cluster DNS: could not index {}: {}", obj instanceof HasMetadata m ? m.getMetadata().getName() : obj, e.toString());
        }
    }
}
