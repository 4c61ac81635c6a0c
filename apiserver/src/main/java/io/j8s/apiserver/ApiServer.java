package io.j8s.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import io.j8s.apiserver.discovery.Discovery;
import io.j8s.apiserver.http.ApiHandler;
import io.j8s.apiserver.http.Hooks;
import io.j8s.apiserver.http.PodLogs;
import io.j8s.apiserver.http.PodStreams;
import io.j8s.apiserver.http.ResourceEndpoint;
import io.j8s.apiserver.http.WatchStream;
import io.j8s.apiserver.http.WatchUpgradeHandler;
import io.j8s.apiserver.remotecommand.StreamTimeouts;
import io.j8s.apiserver.remotecommand.StreamUpgradeHandler;
import io.j8s.apiserver.registry.EventLeases;
import io.j8s.apiserver.registry.ObjectRules;
import io.j8s.apiserver.registry.ResourceRest;
import io.j8s.apiserver.registry.SharedStorage;
import io.j8s.apiserver.registry.Strategy;
import io.j8s.apiserver.service.IpRange;
import io.j8s.apiserver.service.PortRange;
import io.j8s.apiserver.service.Repair;
import io.j8s.apiserver.service.ServiceAllocator;
import io.j8s.apiserver.watch.WatchCache;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver: the REST API over the store, and the only component that touches it.
 * Started in readiness order: watch cache, system objects, then the listener; {@code /readyz}
 * says ok once all of that is done.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    /**
     * @param advertiseAddress the address other components and the {@code kubernetes} Service use
     * @param bookmarkInterval how often an idle watch that asked for bookmarks gets one
     * @param eventTtl how long Events live ({@code --event-ttl})
     * @param compactionInterval how often history older than one interval is compacted
     *     ({@code --etcd-compaction-interval}); zero turns compaction off
     * @param streamTimeouts how long exec and attach wait for the kubelet and the client
     * @param services where Service cluster IPs and node ports come from
     */
    public record Config(String bindAddress, int port, String advertiseAddress, Duration bookmarkInterval,
                         int watchCacheCapacity, int watchBacklog, Duration eventTtl, Duration compactionInterval, Clock clock,
                         StreamTimeouts streamTimeouts, ServiceNetwork services) {
        public Config {
            Objects.requireNonNull(bindAddress, "bindAddress");
            Objects.requireNonNull(advertiseAddress, "advertiseAddress");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(streamTimeouts, "streamTimeouts");
            Objects.requireNonNull(services, "services");
        }

        /** With upstream's streaming timeouts and Service ranges. */
        public Config(String bindAddress, int port, String advertiseAddress, Duration bookmarkInterval, int watchCacheCapacity,
                      int watchBacklog, Duration eventTtl, Duration compactionInterval, Clock clock) {
            this(bindAddress, port, advertiseAddress, bookmarkInterval, watchCacheCapacity, watchBacklog, eventTtl, compactionInterval,
                    clock, StreamTimeouts.DEFAULTS, ServiceNetwork.DEFAULTS);
        }

        public static Config defaults(String advertiseAddress, int port) {
            return new Config("0.0.0.0", port, advertiseAddress, Duration.ofMinutes(1), 100_000, 10_000, Duration.ofHours(1),
                    Duration.ofMinutes(5), Clock.systemUTC());
        }

        public Config withBindAddress(String a) {
            return new Config(a, port, advertiseAddress, bookmarkInterval, watchCacheCapacity, watchBacklog, eventTtl,
                    compactionInterval, clock, streamTimeouts, services);
        }

        public Config withBookmarkInterval(Duration d) {
            return new Config(bindAddress, port, advertiseAddress, d, watchCacheCapacity, watchBacklog, eventTtl, compactionInterval,
                    clock, streamTimeouts, services);
        }

        public Config withCompactionInterval(Duration d) {
            return new Config(bindAddress, port, advertiseAddress, bookmarkInterval, watchCacheCapacity, watchBacklog, eventTtl, d,
                    clock, streamTimeouts, services);
        }

        public Config withStreamTimeouts(StreamTimeouts t) {
            return new Config(bindAddress, port, advertiseAddress, bookmarkInterval, watchCacheCapacity, watchBacklog, eventTtl,
                    compactionInterval, clock, t, services);
        }

        public Config withServices(ServiceNetwork s) {
            return new Config(bindAddress, port, advertiseAddress, bookmarkInterval, watchCacheCapacity, watchBacklog, eventTtl,
                    compactionInterval, clock, streamTimeouts, s);
        }
    }

    /**
     * Where Services' addresses come from: {@code --service-cluster-ip-range} (one IPv4 CIDR),
     * {@code --service-node-port-range}, and how often the stored allocations are repaired from
     * the Services (upstream: every 3 minutes; zero: only at start).
     */
    public record ServiceNetwork(String clusterIpRange, String nodePortRange, Duration repairInterval) {
        public static final ServiceNetwork DEFAULTS = new ServiceNetwork("10.96.0.0/12", "30000-32767", Duration.ofMinutes(3));

        public ServiceNetwork {
            Objects.requireNonNull(repairInterval, "repairInterval");
            IpRange.parse(clusterIpRange);
            PortRange.parse(nodePortRange);
        }
    }

    /**
     * The parts the server is made of that come from elsewhere: kind knowledge ({@code api}),
     * the listener (TLS, or plain HTTP in tests), and the filters in front of the API
     * (authentication, authorization, the node bootstrap endpoints), and the TLS the server
     * speaks to kubelets with (its kubelet-client certificate, trusting the cluster CA).
     */
    public record Parts(ObjectRules rules, Hooks hooks, Function<Server, ServerConnector> listener,
                        UnaryOperator<Handler> filters, SSLContext kubeletClient) {
        public Parts {
            Objects.requireNonNull(kubeletClient, "kubeletClient");
        }
    }

    private final Config config;
    private final Store store;
    private final WatchCache cache;
    private final Server server;
    private final ScheduledExecutorService compactor;
    private final ResourceRest rest;
    private final ResourceRegistry registry;
    private final WatchStream watches;
    private final java.net.http.HttpClient kubelets;
    private final ServiceAllocator serviceAllocator;
    private final Repair serviceRepair;
    private final ScheduledExecutorService repairs;
    private volatile boolean ready;

    private ApiServer(Config config, Store store, Parts parts) {
        this.config = config;
        this.store = store;
        this.registry = ResourceRegistry.builtin();
        this.cache = new WatchCache(store, config.watchCacheCapacity());
        Strategy strategy = new Strategy(config.clock());
        SharedStorage shared = new SharedStorage(registry);
        this.serviceAllocator = new ServiceAllocator(store, IpRange.parse(config.services().clusterIpRange()),
                PortRange.parse(config.services().nodePortRange()), new java.security.SecureRandom());
        this.rest = new ResourceRest(store, cache, strategy, parts.rules(), registry,
                new EventLeases(store, config.eventTtl(), System::nanoTime), shared, serviceAllocator);
        this.serviceRepair = new Repair(store, serviceAllocator, new RepairEvents(rest, registry, config.clock()));
        this.watches = new WatchStream(cache, shared, parts.hooks(), config.bookmarkInterval(), config.watchBacklog());
        this.kubelets = PodLogs.kubeletClient(parts.kubeletClient());
        PodStreams podStreams = new PodStreams(rest, registry);
        ResourceEndpoint endpoint = new ResourceEndpoint(registry, rest, cache, parts.hooks(), watches, parts.rules(), kubelets, podStreams);
        Metrics metrics = new Metrics(cache::countsByResource, watches::open, serviceAllocator::usage);
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("ping", () -> true);
        checks.put("etcd", this::storeAnswers);
        checks.put("poststarthook/bootstrap-system-objects", () -> ready);
        ApiHandler handler = new ApiHandler(endpoint, new Discovery(registry, config.advertiseAddress() + ":" + config.port()),
                metrics, version(), checks);

        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("apiserver");
        this.server = new Server(pool);
        ServerConnector connector = parts.listener().apply(server);
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        // Watches may be quiet for long; they end by their own timeout, not the connector's.
        connector.setIdleTimeout(Duration.ofHours(1).toMillis());
        server.addConnector(connector);
        // Filters first, so a WebSocket upgrade is authenticated and authorized like any request.
        server.setHandler(parts.filters().apply(new StreamUpgradeHandler(server, podStreams, kubelets, config.streamTimeouts(),
                new WatchUpgradeHandler(server, endpoint, watches, handler))));
        this.compactor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("apiserver-compactor").daemon().unstarted(r));
        this.repairs = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("apiserver-service-repair").daemon().unstarted(r));
    }

    public static ApiServer start(Config config, Store store, Parts parts) throws Exception {
        ApiServer s = new ApiServer(config, store, parts);
        s.run();
        return s;
    }

    private void run() throws Exception {
        cache.start();
        // Upstream's repair controllers run once before the server serves, then on a period.
        serviceRepair.runOnce();
        bootstrap();
        server.start();
        if (!config.services().repairInterval().isZero()) {
            long period = config.services().repairInterval().toMillis();
            repairs.scheduleWithFixedDelay(this::repairServices, period, period, TimeUnit.MILLISECONDS);
        }
        if (!config.compactionInterval().isZero()) {
            AtomicLong last = new AtomicLong(0);
            long period = config.compactionInterval().toMillis();
            compactor.scheduleWithFixedDelay(() -> compact(last), period, period, TimeUnit.MILLISECONDS);
        }
        ready = true;
        log.info("API server listening on {}:{}", config.bindAddress(), port());
    }

    private void repairServices() {
        try {
            serviceRepair.runOnce();
        } catch (RuntimeException e) {
            log.warn("Repairing the Service allocations failed, trying again next period: {}", e.toString());
        }
    }

    /** As kube-apiserver: each interval, compact to the revision seen one interval ago. */
    private void compact(AtomicLong last) {
        long target = last.getAndSet(store.currentRevision());
        if (target <= store.compactRevision()) return;
        try {
            store.compact(target);
            log.info("Compacted the store at revision {}", target);
        } catch (StoreException e) {
            log.debug("Compaction at {} skipped: {}", target, e.getMessage());
        }
    }

    /** The namespaces and the Services every cluster starts with (see {@link SystemObjects}). */
    private void bootstrap() {
        new SystemObjects(rest, registry, serviceAllocator.ipRange(), config.advertiseAddress(), config.port()).ensure();
    }

    private boolean storeAnswers() {
        try {
            store.currentRevision();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static ObjectNode version() {
        ObjectNode v = Json.MAPPER.createObjectNode();
        v.put("major", "1").put("minor", "32").put("emulationMajor", "1").put("emulationMinor", "32")
                .put("gitVersion", "v1.32.0-j8s").put("gitCommit", "unknown").put("gitTreeState", "clean")
                .put("buildDate", "1970-01-01T00:00:00Z").put("goVersion", "java" + Runtime.version().feature())
                .put("compiler", "javac").put("platform", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT)
                        + "/" + arch());
        return v;
    }

    static String arch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Watches being served now, over HTTP or WebSocket. */
    int openWatches() {
        return watches.open();
    }

    public boolean ready() {
        return ready;
    }

    @Override
    public void close() {
        ready = false;
        compactor.shutdownNow();
        repairs.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Stopping the HTTP server failed", e);
        }
        kubelets.shutdownNow();
        cache.close();
    }
}
