package io.j8s.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.kubelet.Kubelet;
import io.j8s.kubelet.node.Machine;
import io.j8s.kubelet.node.NodeAgent;
import io.j8s.kubelet.node.NodeConfig;
import io.j8s.kubelet.util.Timers;
import io.j8s.runtime.network.Cidr;
import io.j8s.runtime.process.ProcessRuntime;
import io.j8s.runtime.process.ProcessRuntimeConfig;
import io.j8s.runtime.simulated.SimulatedRuntime;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node benchmarks of issue #5, in one JVM: a real API server on an embedded store (plain HTTP
 * on loopback), the real scheduler, and {@code --nodes} kubelets as API clients, each with its own
 * simulated or process runtime. Reports how long the nodes take to be Ready, then creates the pods
 * ({@code --pods-per-node} each, or {@code --pods} in all) as fast as {@code --clients} concurrent
 * creates go, or {@code --qps} a second evenly spaced as clusterloader2 creates its latency pods,
 * and reports the time until all are Running and the per-pod latency from the create's
 * 201 to Running seen through a watch (upstream's pod startup SLI), and the JVM's RSS. Run it
 * through {@code bench/node.sh}.
 */
public final class NodeBench {

    /** @param qps pods created per second, evenly spaced (clusterloader2's qpsLoad tuning set); 0: as fast as {@code clients} allow */
    record Config(int nodes, int pods, String runtime, int clients, double qps, Duration timeout) {}

    private NodeBench() {}

    public static void main(String[] args) throws Exception {
        Config c = parse(args);
        System.out.printf(Locale.ROOT, "j8s node benchmark: %d cores (load average %.2f at start), %s; %d nodes (%s runtime), %d pods, "
                        + "%d concurrent creates%s%n", Runtime.getRuntime().availableProcessors(), ApiBench.load(),
                System.getProperty("java.vm.name") + " " + Runtime.version(), c.nodes(), c.runtime(), c.pods(), c.clients(),
                c.qps() > 0 ? String.format(Locale.ROOT, " at most, %.1f created a second", c.qps()) : "");
        Path dir = Files.createTempDirectory("j8s-node-bench");
        EmbeddedStore store = EmbeddedStore.open(dir.resolve("db"));
        ApiServer server = ApiServer.start(ApiServer.Config.defaults("127.0.0.1", 0).withBindAddress("127.0.0.1"), store, InProcess.plainHttp());
        String url = "http://127.0.0.1:" + server.port();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(url).withRequestRetryBackoffLimit(0).build()).build();
        List<Kubelet> kubelets = new ArrayList<>();
        Timers timers = Timers.system();
        Scheduler scheduler = null;
        SharedIndexInformer<Pod> watch = null;
        try {
            scheduler = new Scheduler(client, SchedulerOptions.defaults().withConfig(SchedulerConfiguration.defaults()
                    .withLeaderElection(LeaderElection.DEFAULTS.withLeaderElect(false))));
            scheduler.start();

            long t0 = System.nanoTime();
            for (int i = 0; i < c.nodes(); i++) kubelets.add(kubelet(client, c, dir, i, timers));
            InProcess.await(() -> readyNodes(client) >= c.nodes(), c.timeout(), POLL);
            double nodesReady = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "  %d nodes registered and Ready in %.1f s%n", readyNodes(client), nodesReady);

            ObjectNode ns = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            ns.putObject("metadata").put("name", "bench");
            post(http, url + "/api/v1/namespaces", Json.MAPPER.writeValueAsBytes(ns));
            Map<String, Long> runningAt = new ConcurrentHashMap<>();
            Map<String, Long> boundAt = new ConcurrentHashMap<>();
            watch = client.pods().inNamespace("bench").inform(InProcess.onEverySight(p -> {
                if (p.getSpec() != null && p.getSpec().getNodeName() != null) {
                    boundAt.putIfAbsent(p.getMetadata().getName(), System.nanoTime());
                }
                if (p.getStatus() != null && "Running".equals(p.getStatus().getPhase())) {
                    runningAt.putIfAbsent(p.getMetadata().getName(), System.nanoTime());
                }
            }), 0);

            long[] createdAt = new long[c.pods()];
            long cpu0 = Cpu.benchNanos();
            long start = System.nanoTime();
            createPods(http, url, c, createdAt);
            double createSeconds = (System.nanoTime() - start) / 1e9;
            boolean all = InProcess.await(() -> runningAt.size() >= c.pods(), c.timeout(), POLL);
            double cpu = (Cpu.benchNanos() - cpu0) / 1e9;
            Latencies lat = new Latencies();
            Latencies toBound = new Latencies();
            long last = start;
            for (int i = 0; i < c.pods(); i++) {
                Long b = boundAt.get("pod-" + i);
                if (b != null) toBound.record(Math.max(0, b - createdAt[i]));
                Long r = runningAt.get("pod-" + i);
                if (r == null) continue;
                lat.record(r - createdAt[i]);
                last = Math.max(last, r);
            }
            double window = (last - start) / 1e9;
            long rss = rssBytes();
            System.out.printf(Locale.ROOT, "  %d of %d pods Running%s %.1f s after the first create (creates took %.1f s); "
                            + "create→Running p50 %.0f ms, p99 %.0f ms; CPU %.1f core-seconds; RSS of the JVM %d MB%n",
                    runningAt.size(), c.pods(), all ? "" : " (timed out)", window, createSeconds, ApiBench.ms(lat.percentile(0.50)),
                    ApiBench.ms(lat.percentile(0.99)), cpu, rss >> 20);
            System.out.printf(Locale.ROOT, "  of which create→bound (seen by a watch) p50 %.0f ms, p99 %.0f ms%n",
                    ApiBench.ms(toBound.percentile(0.50)), ApiBench.ms(toBound.percentile(0.99)));
            requestsPerPod(http, url, c.pods());
            System.out.printf(Locale.ROOT, "%nload average at the end: %.2f%n", ApiBench.load());
        } finally {
            if (watch != null) watch.close();
            for (Kubelet k : kubelets) {
                if (c.runtime().equals("process")) k.stopAllPods();
                k.close();
            }
            timers.close();
            if (scheduler != null) scheduler.close();
            client.close();
            server.close();
            store.close();
            InProcess.deleteTree(dir);
        }
    }

    /**
     * The API requests of the whole run, from the server's apiserver_request_total, per pod
     * created: what each pod cost the API server, by verb and resource.
     */
    static void requestsPerPod(HttpClient http, String url, int pods) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> counts = new java.util.TreeMap<>();
        java.util.regex.Pattern label = java.util.regex.Pattern.compile("(verb|resource|subresource)=\"([^\"]*)\"");
        for (String line : text.split("\n")) {
            if (!line.startsWith("apiserver_request_total{")) continue;
            Map<String, String> l = new java.util.HashMap<>();
            var m = label.matcher(line.substring(0, line.lastIndexOf('}')));
            while (m.find()) l.put(m.group(1), m.group(2));
            String sub = l.getOrDefault("subresource", "");
            String key = l.get("verb") + " " + l.get("resource") + (sub.isEmpty() ? "" : "/" + sub);
            counts.merge(key, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
        }
        StringBuilder b = new StringBuilder("  API requests per pod:");
        counts.entrySet().stream().filter(e -> e.getValue() / pods >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> b.append(String.format(Locale.ROOT, " %s %.2f;", e.getKey(), e.getValue() / pods)));
        System.out.println(b.substring(0, b.length() - 1));
    }

    static Kubelet kubelet(KubernetesClient client, Config c, Path dir, int i, Timers timers) throws Exception {
        String name = "node-" + i;
        String cidr = "10." + (244 + i / 256) + "." + (i % 256) + ".0/24";
        Path data = Files.createDirectories(dir.resolve(name));
        var node = new NodeConfig(name, "127.0.0.1", 10250, 110, Map.of(), Map.of(), Map.of(), List.of(), "v1.32.0");
        var config = new Kubelet.Config(node, data, NodeAgent.Timing.UPSTREAM, Duration.ofSeconds(20), Duration.ofSeconds(1),
                Duration.ofSeconds(2), List.of(), "cluster.local", "127.0.0.1", cidr, false);
        Kubelet.RuntimeFactory runtime = c.runtime().equals("process")
                ? podCidr -> ProcessRuntime.open(ProcessRuntimeConfig.of(data.resolve("runtime"), podCidr, "127.0.0.1")
                        .withBridge("j8sb" + i, true).withCgroupRoot("/j8s-bench/" + name))
                : podCidr -> new SimulatedRuntime(Cidr.parse(podCidr), Clock.systemUTC());
        return Kubelet.start(client, config, runtime, null, timers, Machine.linux(data));
    }

    static long readyNodes(KubernetesClient client) {
        return client.nodes().list().getItems().stream().filter(NodeBench::ready).count();
    }

    private static boolean ready(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions().stream()
                .anyMatch(cond -> cond.getType().equals("Ready") && "True".equals(cond.getStatus()));
    }

    private static void createPods(HttpClient http, String url, Config c, long[] doneAt) throws Exception {
        Semaphore inFlight = new Semaphore(c.clients());
        AtomicReference<String> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < c.pods() && failure.get() == null; i++) {
            if (c.qps() > 0) {
                long due = start + (long) (i * 1e9 / c.qps());
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            inFlight.acquire();
            int k = i;
            ObjectNode pod = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
            pod.putObject("metadata").put("name", "pod-" + i);
            var container = pod.putObject("spec").putArray("containers").addObject().put("name", "main").put("image", "busybox");
            container.putArray("command").add("busybox").add("sleep").add("3600");
            http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces/bench/pods")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(pod))).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                doneAt[k] = System.nanoTime();
                if (e != null) failure.compareAndSet(null, e.toString());
                else if (r.statusCode() != 201) failure.compareAndSet(null, r.statusCode() + " " + r.body());
                inFlight.release();
            });
        }
        inFlight.acquire(c.clients());
        inFlight.release(c.clients());
        if (failure.get() != null) throw new IllegalStateException("creating pods: " + failure.get());
    }

    private static void post(HttpClient http, String url, byte[] body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
    }

    /** The JVM's resident set, from /proc. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return 0;
    }




    /** How often a wait checks its condition. */
    private static final Duration POLL = Duration.ofMillis(20);

    static Config parse(String[] args) {
        int nodes = 100;
        int perNode = 110;
        Integer pods = null;
        String runtime = "simulated";
        int clients = 16;
        double qps = 0;
        Duration timeout = Duration.ofSeconds(600);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = i + 1 < args.length ? args[++i] : usage("missing value after " + flag);
            switch (flag) {
                case "--nodes" -> nodes = Integer.parseInt(value);
                case "--pods-per-node" -> perNode = Integer.parseInt(value);
                case "--pods" -> pods = Integer.parseInt(value);
                case "--runtime" -> runtime = value;
                case "--clients" -> clients = Integer.parseInt(value);
                case "--qps" -> qps = Double.parseDouble(value);
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value));
                default -> usage("unknown flag " + flag);
            }
        }
        if (!List.of("simulated", "process").contains(runtime)) usage("--runtime is simulated or process");
        return new Config(nodes, pods != null ? pods : nodes * perNode, runtime, clients, qps, timeout);
    }

    private static String usage(String why) {
        System.err.println(why);
        System.err.println("usage: bench/node.sh [--nodes 100] [--pods-per-node 110 | --pods N] [--runtime simulated|process] "
                + "[--clients 16] [--qps 0] [--timeout 600]");
        System.exit(2);
        return null;
    }
}
