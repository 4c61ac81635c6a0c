package io.j8s.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.scheduler.Scheduler;
import io.j8s.scheduler.SchedulerOptions;
import io.j8s.scheduler.config.LeaderElection;
import io.j8s.scheduler.config.SchedulerConfiguration;
import io.j8s.store.embedded.EmbeddedStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The scheduler benchmark of issue #4, in the shape of upstream's scheduler_perf: in one JVM, a
 * real API server on an embedded store (plain HTTP on loopback), the real scheduler as its API
 * client, {@code --nodes} Node objects, {@code --init-pods} existing pods scheduled first and not
 * measured, then {@code --pods} measured pods created as fast as {@code --clients} concurrent
 * creates go. Reports pods/s and the per-pod latency from the create's 201 to the bind seen
 * through a watch. Run it through {@code bench/scheduler.sh}.
 */
public final class SchedulerBench {

    /** The goals of issue #4 (upstream's CI floors are 270 and 60). */
    static final double BASIC_GOAL = 1000;
    static final double ANTI_AFFINITY_GOAL = 200;

    record Config(int nodes, int initPods, int pods, int antiAffinityPods, List<SchedulerWorkload> workloads, int parallelism,
                  int clients, Duration timeout) {}

    record Result(SchedulerWorkload workload, int nodes, int initPods, int measured, int bound, double createsPerSecond,
                  double podsPerSecond, double windowSeconds, Latencies latency, double cpuCores, long eventsSent, long eventsDropped) {}

    private SchedulerBench() {}

    public static void main(String[] args) throws Exception {
        Config c = parse(args);
        System.out.printf(Locale.ROOT, "j8s scheduler benchmark: %d cores (load average %.2f at start), %s; %d nodes, %d existing pods, "
                        + "%d measured pods (%d for PodAntiAffinity), %d concurrent creates, parallelism %d%n",
                Runtime.getRuntime().availableProcessors(), ApiBench.load(), System.getProperty("java.vm.name") + " " + Runtime.version(),
                c.nodes(), c.initPods(), c.pods(), c.antiAffinityPods(), c.clients(), c.parallelism());
        List<Result> results = new ArrayList<>();
        for (SchedulerWorkload w : c.workloads()) results.add(run(w, c));
        System.out.printf(Locale.ROOT, "%nload average at the end: %.2f%n%n", ApiBench.load());
        System.out.printf(Locale.ROOT, "%-24s %6s %6s %8s %8s %10s %10s %10s %10s %8s%n", "workload", "nodes", "init", "measured",
                "bound", "creates/s", "pods/s", "p50 ms", "p99 ms", "cpu");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-24s %6d %6d %8d %8d %10.0f %10.0f %10.1f %10.1f %8.2f%n", r.workload(), r.nodes(), r.initPods(),
                    r.measured(), r.bound(), r.createsPerSecond(), r.podsPerSecond(), ApiBench.ms(r.latency().percentile(0.50)),
                    ApiBench.ms(r.latency().percentile(0.99)), r.cpuCores());
        }
        System.out.println();
        for (Result r : results) {
            double goal = r.workload() == SchedulerWorkload.SchedulingBasic ? BASIC_GOAL
                    : r.workload() == SchedulerWorkload.PodAntiAffinity ? ANTI_AFFINITY_GOAL : 0;
            if (goal == 0) continue;
            boolean full = r.nodes() >= 5000 && r.measured() >= (r.workload() == SchedulerWorkload.PodAntiAffinity ? 1000 : 10_000);
            System.out.printf(Locale.ROOT, "verdict: %s %.0f pods/s (goal >= %.0f): %s%s%n", r.workload(), r.podsPerSecond(), goal,
                    r.podsPerSecond() >= goal && r.bound() == r.measured() ? "MET" : "MISSED", full ? "" : " (a reduced run: not the goal's size)");
        }
    }

    private static Result run(SchedulerWorkload w, Config c) throws Exception {
        int measured = w == SchedulerWorkload.PodAntiAffinity ? c.antiAffinityPods() : c.pods();
        System.out.printf(Locale.ROOT, "%n%s: %d nodes, %d existing pods, %d measured pods ...%n", w, c.nodes(), c.initPods(), measured);
        Path dir = Files.createTempDirectory("j8s-scheduler-bench");
        EmbeddedStore store = EmbeddedStore.open(dir.resolve("db"));
        ApiServer server = ApiServer.start(ApiServer.Config.defaults("127.0.0.1", 0).withBindAddress("127.0.0.1"), store, InProcess.plainHttp());
        String url = "http://127.0.0.1:" + server.port();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(url).withRequestRetryBackoffLimit(0).build()).build();
        Scheduler scheduler = null;
        SharedIndexInformer<Pod> binds = null;
        try {
            for (String ns : List.of(SchedulerWorkload.INIT_NAMESPACE, SchedulerWorkload.MEASURED_NAMESPACE)) {
                ObjectNode n = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
                n.putObject("metadata").put("name", ns);
                createAll(http, url, "/api/v1/namespaces", 1, i -> n, c.clients(), new long[1]);
            }
            long t0 = System.nanoTime();
            createAll(http, url, "/api/v1/nodes", c.nodes(), w::node, c.clients(), new long[c.nodes()]);
            System.out.printf(Locale.ROOT, "  %d nodes created in %.1f s%n", c.nodes(), (System.nanoTime() - t0) / 1e9);

            Map<String, Long> boundAt = new ConcurrentHashMap<>();
            AtomicInteger initBound = new AtomicInteger();
            AtomicInteger measuredBound = new AtomicInteger();
            binds = client.pods().inAnyNamespace().inform(InProcess.onEverySight(p -> {
                if (p.getSpec().getNodeName() == null) return;
                if (boundAt.putIfAbsent(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), System.nanoTime()) != null) return;
                (SchedulerWorkload.INIT_NAMESPACE.equals(p.getMetadata().getNamespace()) ? initBound : measuredBound).incrementAndGet();
            }), 0);

            SchedulerConfiguration config = SchedulerConfiguration.defaults().withParallelism(c.parallelism())
                    .withLeaderElection(LeaderElection.DEFAULTS.withLeaderElect(false));
            t0 = System.nanoTime();
            scheduler = new Scheduler(client, SchedulerOptions.defaults().withConfig(config));
            scheduler.start();
            System.out.printf(Locale.ROOT, "  scheduler started and synced in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            createAll(http, url, "/api/v1/namespaces/" + SchedulerWorkload.INIT_NAMESPACE + "/pods", c.initPods(), w::initPod, c.clients(),
                    new long[c.initPods()]);
            if (!InProcess.await(() -> initBound.get() >= c.initPods(), c.timeout(), POLL)) {
                System.out.printf("  only %d of %d existing pods were scheduled within %s%n", initBound.get(), c.initPods(), c.timeout());
            }
            System.out.printf(Locale.ROOT, "  %d existing pods scheduled in %.1f s%n", initBound.get(), (System.nanoTime() - t0) / 1e9);

            long[] createdAt = new long[measured];
            long cpu0 = Cpu.benchNanos();
            long start = System.nanoTime();
            createAll(http, url, "/api/v1/namespaces/" + SchedulerWorkload.MEASURED_NAMESPACE + "/pods", measured, w::measuredPod,
                    c.clients(), createdAt);
            long created = System.nanoTime();
            boolean all = InProcess.await(() -> measuredBound.get() >= measured, c.timeout(), POLL);
            long cpu = Cpu.benchNanos() - cpu0;
            Latencies lat = new Latencies();
            long lastBind = start;
            for (int i = 0; i < measured; i++) {
                Long b = boundAt.get(SchedulerWorkload.MEASURED_NAMESPACE + "/pod-" + i);
                if (b == null) continue;
                lat.record(b - createdAt[i]);
                lastBind = Math.max(lastBind, b);
            }
            double window = (lastBind - start) / 1e9;
            int bound = measuredBound.get();
            long[] events = scheduler.eventCounts();
            String attempts = scheduler.metricsText().lines().filter(l -> l.startsWith("scheduler_schedule_attempts_total"))
                    .map(l -> l.replaceAll(".*result=\"(\\w+)\"} ([0-9.]+).*", "$1 $2")).reduce((a, b) -> a + ", " + b).orElse("");
            Result r = new Result(w, c.nodes(), c.initPods(), measured, bound, measured / ((created - start) / 1e9), bound / window, window, lat,
                    cpu / 1e9 / window, events[0], events[1]);
            System.out.printf(Locale.ROOT, "  %d of %d measured pods bound%s in %.1f s: %.0f pods/s (creates at %.0f/s); create→bound p50 %.1f ms, "
                            + "p99 %.1f ms; CPU cores busy %.2f (API server, scheduler and bench); events written %d, dropped %d%n",
                    bound, measured, all ? "" : " (timed out)", window, r.podsPerSecond(), r.createsPerSecond(),
                    ApiBench.ms(lat.percentile(0.50)), ApiBench.ms(lat.percentile(0.99)), r.cpuCores(), events[0], events[1]);
            System.out.println("  scheduling attempts (existing and measured pods): " + attempts);
            return r;
        } finally {
            if (binds != null) binds.close();
            if (scheduler != null) scheduler.close();
            client.close();
            server.close();
            store.close();
            InProcess.deleteTree(dir);
        }
    }


    /** POSTs {@code count} objects with at most {@code clients} in flight; {@code doneAt[i]} gets the nanoTime of each 201. */
    private static void createAll(HttpClient http, String url, String path, int count, IntFunction<ObjectNode> body, int clients,
                                  long[] doneAt) throws Exception {
        Semaphore inFlight = new Semaphore(clients);
        AtomicReference<String> failure = new AtomicReference<>();
        for (int i = 0; i < count && failure.get() == null; i++) {
            inFlight.acquire();
            int k = i;
            byte[] json = Json.MAPPER.writeValueAsBytes(body.apply(i));
            http.sendAsync(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                doneAt[k] = System.nanoTime();
                if (e != null) failure.compareAndSet(null, e.toString());
                else if (r.statusCode() != 201) failure.compareAndSet(null, r.statusCode() + " " + r.body());
                inFlight.release();
            });
        }
        inFlight.acquire(clients);
        inFlight.release(clients);
        if (failure.get() != null) throw new IllegalStateException("creating " + path + ": " + failure.get());
    }



    /** How often a wait checks its condition. */
    private static final Duration POLL = Duration.ofMillis(5);

    static Config parse(String[] args) {
        int nodes = 5000, initPods = 1000, pods = 10_000, antiPods = 1000, parallelism = 16, clients = 16;
        List<SchedulerWorkload> workloads = List.of(SchedulerWorkload.values());
        Duration timeout = Duration.ofSeconds(600);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = i + 1 < args.length ? args[++i] : usage("missing value after " + flag);
            switch (flag) {
                case "--nodes" -> nodes = Integer.parseInt(value);
                case "--init-pods" -> initPods = Integer.parseInt(value);
                case "--pods" -> pods = Integer.parseInt(value);
                case "--anti-affinity-pods" -> antiPods = Integer.parseInt(value);
                case "--parallelism" -> parallelism = Integer.parseInt(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value));
                case "--workloads" -> {
                    List<SchedulerWorkload> ws = new ArrayList<>();
                    for (String w : value.split(",")) {
                        try {
                            ws.add(SchedulerWorkload.valueOf(w));
                        } catch (IllegalArgumentException e) {
                            usage("unknown workload " + w + " (SchedulingBasic, SchedulingNodeAffinity, PodAntiAffinity, TopologySpreading)");
                        }
                    }
                    workloads = List.copyOf(ws);
                }
                default -> usage("unknown flag " + flag);
            }
        }
        if (nodes < 1 || initPods < 0 || pods < 1 || antiPods < 1 || parallelism < 1 || clients < 1) usage("counts must be positive");
        if (antiPods + initPods > nodes && workloads.contains(SchedulerWorkload.PodAntiAffinity)) {
            usage("PodAntiAffinity places at most one pod per node: --init-pods + --anti-affinity-pods must not exceed --nodes");
        }
        return new Config(nodes, initPods, pods, antiPods, workloads, parallelism, clients, timeout);
    }

    private static <T> T usage(String problem) {
        System.err.println("scheduler bench: " + problem);
        System.err.println("usage: bench/scheduler.sh [--nodes 5000] [--init-pods 1000] [--pods 10000] [--anti-affinity-pods 1000]"
                + " [--workloads SchedulingBasic,SchedulingNodeAffinity,PodAntiAffinity,TopologySpreading] [--parallelism 16] [--clients 16]"
                + " [--timeout SECONDS]");
        System.exit(2);
        throw new AssertionError();
    }
}
