package io.j8s.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.scheduler.cache.Cache;
import io.j8s.scheduler.cache.Snapshot;
import io.j8s.scheduler.config.LeaderElection;
import io.j8s.scheduler.config.Profile;
import io.j8s.scheduler.config.SchedulerConfiguration;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.Parallelizer;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.framework.runtime.Framework;
import io.j8s.scheduler.framework.runtime.Parts;
import io.j8s.scheduler.queue.Nominator;
import io.j8s.scheduler.queue.SchedulingQueue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-scheduler as a library: an API client that watches unbound pods, filters and scores
 * nodes with the plugins of the pod's profile, binds through pods/binding, and explains itself
 * in events and the PodScheduled condition. {@code j8s scheduler} runs one on its own;
 * {@code j8s server} runs one in-process, still only through the API.
 *
 * <p>{@link #start()} serves /metrics and /healthz, starts the informers and waits for them,
 * then schedules, or first waits to win the Lease when leader election is on. {@link #close()}
 * stops it all and gives the Lease up.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** How often backed-off pods are checked, and pods left unschedulable too long: upstream's 1 s and 30 s. */
    static final long BACKOFF_FLUSH_MILLIS = 1000;
    static final long UNSCHEDULABLE_FLUSH_MILLIS = 30_000;

    private final KubernetesClient client;
    private final SchedulerOptions options;
    private final SchedulerConfiguration config;
    private final Informers informers;
    private final Cache cache = new Cache();
    private final Snapshot snapshot = new Snapshot();
    private final SchedulingQueue queue;
    private final Map<String, Framework> profiles = new LinkedHashMap<>();
    private final Parallelizer parallelizer;
    private final EventBroadcaster events;
    private final ApiPodActions podActions;
    private final SchedulerMetrics metrics;
    private final ScheduleOne scheduleOne;
    private final ExecutorService bindings = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService ticker;
    private final Leader leader;
    private HealthServer health;
    private Thread loop;
    private volatile boolean closed;

    public Scheduler(KubernetesClient client, SchedulerOptions options) {
        this.client = client;
        this.options = options;
        this.config = options.config();
        Api api = new Api(client);
        this.informers = new Informers(client);
        this.parallelizer = new Parallelizer(config.parallelism());
        this.podActions = new ApiPodActions(api, options.clock());
        String host = options.identity().contains("_") ? options.identity().substring(0, options.identity().indexOf('_')) : options.identity();
        this.events = new EventBroadcaster(api, options.clock(), host, 1000, 64);
        Nominator nominator = new Nominator();
        Parts parts = new Parts(snapshot, informers, podActions, events::recorder, nominator, parallelizer, options.clock());
        for (Profile p : config.profiles()) profiles.put(p.schedulerName(), Framework.create(p, options.registry(), parts));
        Framework first = profiles.values().iterator().next();
        Map<String, List<ClusterEvent>> registered = new HashMap<>();
        profiles.values().forEach(f -> registered.putAll(f.eventsToRegister()));
        this.metrics = new SchedulerMetrics(this::queueLengths, this::cacheSizes);
        this.queue = new SchedulingQueue(first::compare, options.clock(), config.podInitialBackoff(), config.podMaxBackoff(),
                config.podMaxInUnschedulablePodsDuration(), this::preEnqueue, registered, nominator, metrics::incoming);
        this.scheduleOne = new ScheduleOne(queue, cache, snapshot, profiles, informers, podActions, metrics, bindings, parallelizer,
                options.clock(), config.percentageOfNodesToScore());
        EventHandlers handlers = new EventHandlers(cache, queue, profiles.keySet(), EventHandlers.priorityResolver(informers::priorityOf));
        informers.pods.addEventHandler(handlers.pods());
        informers.nodes.addEventHandler(handlers.nodes());
        informers.pvs.addEventHandler(handlers.moves(ClusterEvent.Resource.PersistentVolume));
        informers.pvcs.addEventHandler(handlers.moves(ClusterEvent.Resource.PersistentVolumeClaim));
        if (informers.storageClasses != null) informers.storageClasses.addEventHandler(handlers.moves(ClusterEvent.Resource.StorageClass));
        informers.namespaces.addEventHandler(handlers.moves(ClusterEvent.Resource.Namespace));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scheduler-queue-flush");
            t.setDaemon(true);
            return t;
        });
        LeaderElection le = config.leaderElection();
        this.leader = le.leaderElect() ? new Leader(client, le, options.identity(), this::startScheduling, this::stopScheduling,
                isLeader -> metrics.leader(le.resourceName(), isLeader)) : null;
    }

    private Status preEnqueue(Pod pod) {
        Framework f = profiles.get(Pods.schedulerName(pod));
        return f == null ? Status.SUCCESS : f.runPreEnqueuePlugins(pod);
    }

    private Map<String, Integer> queueLengths() {
        return queue.lengths();
    }

    private Map<String, Integer> cacheSizes() {
        return Map.of("nodes", cache.nodeCount(), "pods", cache.podCount(), "assumed_pods", cache.assumedPodCount());
    }

    /** Serves its endpoints, lists and watches, then schedules (as leader, when electing). */
    public void start() throws Exception {
        if (options.securePort() >= 0) {
            health = new HealthServer(options.bindAddress(), options.securePort(), metrics::scrape, informers::synced);
            log.info("Serving /metrics and /healthz over plain HTTP on {}:{}", options.bindAddress(), health.port());
        }
        informers.startAndSync(60_000);
        log.info("Scheduler caches synced: {} nodes, {} pods; profiles {}", cache.nodeCount(), cache.podCount(), profiles.keySet());
        ticker.scheduleAtFixedRate(queue::flushBackoffQCompleted, BACKOFF_FLUSH_MILLIS, BACKOFF_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        ticker.scheduleAtFixedRate(queue::flushUnschedulablePodsLeftover, UNSCHEDULABLE_FLUSH_MILLIS, UNSCHEDULABLE_FLUSH_MILLIS,
                TimeUnit.MILLISECONDS);
        if (leader != null) {
            leader.start();
        } else {
            startScheduling();
        }
    }

    private synchronized void startScheduling() {
        if (closed || loop != null) return;
        loop = new Thread(this::run, "scheduler");
        loop.start();
    }

    private synchronized void stopScheduling() {
        if (loop == null) return;
        if (!closed) log.info("Leader election lost: scheduling stops until this scheduler leads again");
        loop.interrupt();
        loop = null;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (!scheduleOne.scheduleOne()) return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Scheduling cycle failed", e);
            }
        }
    }

    /** Whether this scheduler schedules now (always, without leader election). */
    public synchronized boolean isScheduling() {
        return loop != null;
    }

    /** The /metrics text. */
    public String metricsText() {
        return metrics.scrape();
    }

    /** The port /metrics listens on, or -1 when not serving. */
    public int port() {
        return health == null ? -1 : health.port();
    }

    /** Events written so far and dropped (the queue was full), for the benchmark's report. */
    public long[] eventCounts() {
        return new long[] {events.sent(), events.dropped()};
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (leader != null) leader.close();
        stopScheduling();
        queue.close();
        ticker.shutdownNow();
        informers.close();
        bindings.shutdown();
        try {
            bindings.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.drain(2000);
        events.close();
        parallelizer.close();
        if (health != null) health.close();
    }
}
