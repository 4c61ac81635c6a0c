package io.j8s.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.runtime.ApiEventRecorder;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.LeaderElection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager: an API client that runs the enabled controllers, each on the shared
 * informers, in this process. With leader election it first wins the
 * {@code kube-system/kube-controller-manager} Lease, and stops its controllers if it loses it
 * (then campaigns again), so a standby copy takes over within a lease duration. Its work queues
 * and the election report to one registry, served by {@link #serve} or read with {@link #metrics()}.
 */
public final class ControllerManager implements AutoCloseable {

    public static final String LEASE_NAMESPACE = "kube-system";
    public static final String LEASE_NAME = "kube-controller-manager";

    private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);

    private final KubernetesClient client;
    private final ControllerManagerOptions options;
    private final List<ControllerDescriptor> descriptors;
    private final String identity = LeaderElection.identity();
    private final Map<String, ApiEventRecorder> recorders = new ConcurrentHashMap<>();
    private final ControllerManagerMetrics metrics = new ControllerManagerMetrics();
    private Running running;
    private LeaderElection election;
    private MetricsServer server;
    private boolean closed;

    /** The controllers and informers of one term as leader. */
    private record Running(Informers informers, List<Controller> controllers) {}

    private ControllerManager(KubernetesClient client, ControllerManagerOptions options, List<ControllerDescriptor> descriptors) {
        this.client = client;
        this.options = options;
        this.descriptors = List.copyOf(descriptors);
    }

    /** Starts the manager: its controllers now, or once it leads when {@code options.leaderElect()}. */
    public static ControllerManager start(KubernetesClient client, ControllerManagerOptions options) {
        options = options.withControllers(Descriptors.canonical(options.controllers()));
        for (String c : options.controllers()) {
            String name = c.startsWith("-") ? c.substring(1) : c;
            if (!name.equals("*") && !Descriptors.names().contains(name)) {
                throw new IllegalArgumentException("--controllers: \"" + name + "\" is not in the list of known controllers "
                        + Descriptors.names());
            }
        }
        ControllerManager manager = new ControllerManager(client, options, Descriptors.all());
        if (options.leaderElect()) {
            manager.campaign();
        } else {
            manager.startControllers();
        }
        return manager;
    }

    /** The names of every controller j8s knows, for {@code --controllers}' help. */
    public static List<String> knownControllers() {
        return Descriptors.names();
    }

    private synchronized void campaign() {
        if (closed) return;
        metrics.leader(LEASE_NAME, false);
        election = LeaderElection.start(client, LEASE_NAMESPACE, LEASE_NAME, identity, options.leaderElection(),
                () -> {
                    metrics.leader(LEASE_NAME, true);
                    startControllers();
                }, () -> {
                    metrics.leader(LEASE_NAME, false);
                    stopControllers();
                    // fabric8's elector ends with the lost term; stand again, as a restarted upstream would.
                    Thread.ofVirtual().start(this::campaign);
                });
    }

    private synchronized void startControllers() {
        if (closed || running != null) return;
        Informers informers = new Informers(client);
        ControllerContext ctx = new ControllerContext(client, informers, options, this::recorder, metrics);
        List<Controller> controllers = new ArrayList<>();
        List<Integer> workers = new ArrayList<>();
        for (ControllerDescriptor d : descriptors) {
            if (!options.enabled(d.name(), d.enabledByDefault())) {
                log.info("Controller {} is disabled by --controllers", d.name());
                continue;
            }
            d.factory().apply(ctx).ifPresentOrElse(c -> {
                controllers.add(c);
                workers.add(options.concurrentSyncs(d.name()));
            }, () -> log.info("Controller {} is disabled by its own flags", d.name()));
        }
        informers.start();
        for (int i = 0; i < controllers.size(); i++) controllers.get(i).run(workers.get(i));
        running = new Running(informers, List.copyOf(controllers));
    }

    private synchronized void stopControllers() {
        if (running == null) return;
        running.controllers().forEach(Controller::close);
        running.informers().close();
        running = null;
    }

    private EventRecorder recorder(String component) {
        return recorders.computeIfAbsent(component, c -> new ApiEventRecorder(client, c, "", options.clock()));
    }

    /**
     * Serves {@code /metrics}, {@code /healthz}, {@code /livez} and {@code /readyz} over plain HTTP
     * on {@code bindAddress:port} (0: any free port) until {@link #close}; returns the port.
     */
    public synchronized int serve(String bindAddress, int port) throws IOException {
        if (server != null) throw new IllegalStateException("already serving on port " + server.port());
        server = new MetricsServer(bindAddress, port, metrics::scrape);
        log.info("Serving /metrics and /healthz on {}:{}", bindAddress, server.port());
        return server.port();
    }

    /** This manager's metrics in Prometheus' text format: what {@code /metrics} answers. */
    public String metrics() {
        return metrics.scrape();
    }

    /** Whether this manager runs its controllers now (it leads, or does not elect). */
    public synchronized boolean isRunning() {
        return running != null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        stopControllers();
        if (election != null) election.close();
        if (server != null) server.close();
        recorders.values().forEach(ApiEventRecorder::close);
    }
}
