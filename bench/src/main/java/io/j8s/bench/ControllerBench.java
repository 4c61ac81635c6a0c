package io.j8s.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.apiserver.ApiServer;
import io.j8s.kubelet.Kubelet;
import io.j8s.kubelet.util.Timers;
import io.j8s.scheduler.Scheduler;
import io.j8s.scheduler.SchedulerOptions;
import io.j8s.scheduler.config.LeaderElection;
import io.j8s.scheduler.config.SchedulerConfiguration;
import io.j8s.store.embedded.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller manager benchmark of issue #6: a Deployment of {@code --replicas} pods on
 * {@code --nodes} simulated nodes, from the create to the rollout complete as
 * {@code kubectl rollout status} judges it, then a rolling update of every pod (the template
 * changes; upstream's default 25% surge and unavailable). The API server (embedded store, plain
 * HTTP on loopback), the scheduler and the kubelets (simulated runtime) run in this JVM; the
 * controller manager runs as {@code j8s controller-manager} in a process of its own, so that its
 * CPU time and resident set, read from /proc, are its alone. Reports each phase's time, when the
 * last new pod was created, bound and Ready, the controller manager's CPU and memory, and its
 * work queues' figures from its /metrics. Run it through {@code bench/controllers.sh}.
 */
public final class ControllerBench {

    /** The goals of issue #6. */
    static final double ROLLOUT_GOAL = 20;
    static final double UPDATE_GOAL = 30;

    record Config(int nodes, int replicas, Duration timeout) {}

    /** When each pod was first seen created, bound, Ready (System.nanoTime), and its template hash. */
    record PodTimes(String hash, long created, AtomicLong bound, AtomicLong ready) {}

    private static final Duration POLL = Duration.ofMillis(50);
    private static final String NS = "bench";

    private ControllerBench() {}

    public static void main(String[] args) throws Exception {
        Config c = parse(args);
        System.out.printf(Locale.ROOT, "j8s controller manager benchmark: %d cores (load average %.2f at start), %s; a Deployment of %d "
                        + "replicas on %d simulated nodes%n", Runtime.getRuntime().availableProcessors(), ApiBench.load(),
                System.getProperty("java.vm.name") + " " + Runtime.version(), c.replicas(), c.nodes());
        Path dir = Files.createTempDirectory("j8s-controller-bench");
        EmbeddedStore store = EmbeddedStore.open(dir.resolve("db"));
        ApiServer server = ApiServer.start(ApiServer.Config.defaults("127.0.0.1", 0).withBindAddress("127.0.0.1"), store, InProcess.plainHttp());
        String url = "http://127.0.0.1:" + server.port();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(url).withRequestRetryBackoffLimit(0).build()).build();
        List<Kubelet> kubelets = new ArrayList<>();
        Timers timers = Timers.system();
        Scheduler scheduler = null;
        ControllerManagerProcess cm = null;
        SharedIndexInformer<Pod> watch = null;
        try {
            scheduler = new Scheduler(client, SchedulerOptions.defaults().withConfig(SchedulerConfiguration.defaults()
                    .withLeaderElection(LeaderElection.DEFAULTS.withLeaderElect(false))));
            scheduler.start();
            var nodeConfig = new NodeBench.Config(c.nodes(), 0, "simulated", 16, 0, c.timeout());
            for (int i = 0; i < c.nodes(); i++) kubelets.add(NodeBench.kubelet(client, nodeConfig, dir, i, timers));
            InProcess.await(() -> NodeBench.readyNodes(client) >= c.nodes(), c.timeout(), POLL);

            List<String> jvm = List.of(System.getenv().getOrDefault("J8S_BENCH_CM_JAVA_OPTS", "").split("\\s+")).stream()
                    .filter(s -> !s.isEmpty()).toList();
            cm = ControllerManagerProcess.start(Path.of("cli/target/j8s.jar"), url, jvm, List.of(), Duration.ofSeconds(120));
            System.out.printf(Locale.ROOT, "  %d nodes Ready; controller manager (pid %d) leading: %s%n", NodeBench.readyNodes(client),
                    cm.pid(), cm.commandLine());
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
            InProcess.await(() -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null, c.timeout(), POLL);

            Map<String, PodTimes> pods = new ConcurrentHashMap<>();
            watch = client.pods().inNamespace(NS).inform(InProcess.onEverySight(p -> {
                long now = System.nanoTime();
                PodTimes t = pods.computeIfAbsent(p.getMetadata().getName(), n -> new PodTimes(
                        p.getMetadata().getLabels().getOrDefault("pod-template-hash", ""), now, new AtomicLong(), new AtomicLong()));
                if (p.getSpec().getNodeName() != null) t.bound().compareAndSet(0, now);
                if (ready(p)) t.ready().compareAndSet(0, now);
            }), 0);

            RssSampler rss = new RssSampler(cm);
            Thread sampler = Thread.ofVirtual().start(rss);
            long cpuStart = Cpu.processNanos(cm.pid());

            Phase create = phase(c, client, cm, rss, pods, "create", ROLLOUT_GOAL, () -> client.apps().deployments().inNamespace(NS)
                    .resource(deployment(c.replicas())).create().getMetadata().getGeneration());
            Phase update = phase(c, client, cm, rss, pods, "rolling update", UPDATE_GOAL, () -> client.apps().deployments().inNamespace(NS)
                    .withName("bench").edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editMetadata()
                            .addToAnnotations("bench/revision", "2").endMetadata().endTemplate().endSpec().build())
                    .getMetadata().getGeneration());
            sampler.interrupt();

            String metrics = cm.metrics();
            double cpuAll = (Cpu.processNanos(cm.pid()) - cpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "%ncontroller manager over both phases: CPU %.1f core-seconds; RSS peak %d MB (VmHWM, since its "
                    + "start %d MB); heap in use at the end %s%n", cpuAll, rss.peakKiB() >> 10, cm.statusKiB("VmHWM") >> 10,
                    cm.heapUsedKiB().map(k -> (k >> 10) + " MB").orElse("unknown"));
            System.out.printf(Locale.ROOT, "%nits work queues (from its /metrics):%n%-36s %8s %8s %10s %12s %12s%n", "name", "adds", "retries",
                    "syncs", "sync mean", "wait mean");
            for (String q : List.of("deployment", "replicaset", "garbage_collector_attempt_to_delete", "endpoint", "endpoint_slice",
                    "node_lifecycle_controller", "cidrallocator_node")) {
                double syncs = ControllerManagerProcess.sample(metrics, "workqueue_work_duration_seconds_count{name=\"" + q + "\"}");
                System.out.printf(Locale.ROOT, "%-36s %8.0f %8.0f %10.0f %9.1f ms %9.1f ms%n", q,
                        ControllerManagerProcess.sample(metrics, "workqueue_adds_total{name=\"" + q + "\"}"),
                        ControllerManagerProcess.sample(metrics, "workqueue_retries_total{name=\"" + q + "\"}"), syncs,
                        1000 * ControllerManagerProcess.sample(metrics, "workqueue_work_duration_seconds_sum{name=\"" + q + "\"}") / syncs,
                        1000 * ControllerManagerProcess.sample(metrics, "workqueue_queue_duration_seconds_sum{name=\"" + q + "\"}")
                                / ControllerManagerProcess.sample(metrics, "workqueue_queue_duration_seconds_count{name=\"" + q + "\"}"));
            }
            System.out.printf(Locale.ROOT, "%nsyncs by duration (workqueue_work_duration_seconds buckets):%n%-12s %8s %8s %8s %8s%n",
                    "name", "≤ 0.1 s", "≤ 1 s", "≤ 10 s", "> 10 s");
            for (String q : List.of("deployment", "replicaset")) {
                double[] le = new double[4];
                String[] bounds = {"0.1", "1.0", "10.0", "+Inf"};
                for (int i = 0; i < 4; i++) {
                    le[i] = ControllerManagerProcess.sample(metrics, "workqueue_work_duration_seconds_bucket{name=\"" + q + "\",le=\"" + bounds[i] + "\"}");
                }
                System.out.printf(Locale.ROOT, "%-12s %8.0f %8.0f %8.0f %8.0f%n", q, le[0], le[1] - le[0], le[2] - le[1], le[3] - le[2]);
            }
            System.out.printf(Locale.ROOT, "%nload average at the end: %.2f%n", ApiBench.load());
            System.out.printf(Locale.ROOT, "goals: rollout %.1f s (goal ≤ %.0f s) %s; rolling update %.1f s (goal ≤ %.0f s) %s%n",
                    create.seconds(), ROLLOUT_GOAL, create.met() ? "met" : "MISSED", update.seconds(), UPDATE_GOAL, update.met() ? "met" : "MISSED");
        } finally {
            if (watch != null) watch.close();
            if (cm != null) cm.close();
            for (Kubelet k : kubelets) k.close();
            timers.close();
            if (scheduler != null) scheduler.close();
            client.close();
            server.close();
            store.close();
            InProcess.deleteTree(dir);
        }
    }

    record Phase(double seconds, boolean complete, double goal) {
        boolean met() {
            return complete && seconds <= goal;
        }
    }

    interface Step {
        long run() throws Exception;
    }

    /** Runs {@code step} (answering the Deployment's new generation) and waits for the rollout; prints the phase's figures. */
    private static Phase phase(Config c, KubernetesClient client, ControllerManagerProcess cm, RssSampler rss, Map<String, PodTimes> pods,
            String name, double goal, Step step) throws Exception {
        rss.reset();
        long cpu0 = Cpu.processNanos(cm.pid());
        long bench0 = Cpu.benchNanos();
        long start = System.nanoTime();
        long generation = step.run();
        boolean complete = InProcess.await(() -> rolledOut(client.apps().deployments().inNamespace(NS).withName("bench").get(), generation),
                c.timeout(), POLL);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (Cpu.processNanos(cm.pid()) - cpu0) / 1e9;
        double benchCpu = (Cpu.benchNanos() - bench0) / 1e9;
        String hash = newestReplicaSet(client).getMetadata().getLabels().get("pod-template-hash");
        List<PodTimes> fresh = pods.values().stream().filter(t -> t.hash().equals(hash)).toList();
        System.out.printf(Locale.ROOT, "%n%s: rollout complete%s in %.1f s (goal ≤ %.0f s); its %d new pods: last created %.1f s, last bound "
                        + "%.1f s, last Ready %.1f s after the start%n", name, complete ? "" : " NOT (timed out)", seconds, goal, fresh.size(),
                last(fresh, PodTimes::created, start), last(fresh, t -> t.bound().get(), start), last(fresh, t -> t.ready().get(), start));
        System.out.printf(Locale.ROOT, "  controller manager: CPU %.1f core-seconds (%.2f cores on average), RSS peak %d MB, heap in use "
                        + "after %s; this JVM (API server, scheduler, kubelets): CPU %.1f core-seconds%n", cpu, cpu / seconds, rss.peakKiB() >> 10,
                cm.heapUsedKiB().map(k -> (k >> 10) + " MB").orElse("unknown"), benchCpu);
        return new Phase(seconds, complete, goal);
    }

    private static double last(List<PodTimes> pods, java.util.function.ToLongFunction<PodTimes> at, long start) {
        long max = pods.stream().mapToLong(at).max().orElse(start);
        return pods.stream().anyMatch(t -> at.applyAsLong(t) == 0) ? Double.NaN : (max - start) / 1e9;
    }

    /** kubectl rollout status' verdict (polymorphichelpers' DeploymentStatusViewer): done. */
    static boolean rolledOut(Deployment d, long generation) {
        if (d == null || d.getStatus() == null) return false;
        DeploymentStatus s = d.getStatus();
        if (s.getObservedGeneration() == null || s.getObservedGeneration() < generation) return false;
        int want = d.getSpec().getReplicas();
        int updated = Objects.requireNonNullElse(s.getUpdatedReplicas(), 0);
        int replicas = Objects.requireNonNullElse(s.getReplicas(), 0);
        int available = Objects.requireNonNullElse(s.getAvailableReplicas(), 0);
        return updated >= want && replicas <= updated && available >= updated;
    }

    private static ReplicaSet newestReplicaSet(KubernetesClient client) {
        return client.apps().replicaSets().inNamespace(NS).list().getItems().stream()
                .max(Comparator.comparingLong(rs -> Long.parseLong(rs.getMetadata().getAnnotations()
                        .getOrDefault("deployment.kubernetes.io/revision", "0")))).orElseThrow();
    }

    private static boolean ready(Pod p) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) return false;
        for (PodCondition cond : p.getStatus().getConditions()) {
            if (cond.getType().equals("Ready")) return "True".equals(cond.getStatus());
        }
        return false;
    }

    static Deployment deployment(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("bench").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "bench").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "bench").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("busybox").withCommand("sleep", "3600").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    /** Samples the controller manager's VmRSS every 200 ms, keeping the peak since the last reset. */
    static final class RssSampler implements Runnable {
        private final ControllerManagerProcess cm;
        private final AtomicLong peak = new AtomicLong();

        RssSampler(ControllerManagerProcess cm) {
            this.cm = cm;
        }

        void reset() {
            peak.set(0);
            sample();
        }

        long peakKiB() {
            sample();
            return peak.get();
        }

        private void sample() {
            try {
                long kib = cm.statusKiB("VmRSS");
                peak.accumulateAndGet(kib, Math::max);
            } catch (Exception e) {
                // the process is gone; the peak stays what it was
            }
        }

        @Override
        public void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    sample();
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }
    }

    static Config parse(String[] args) {
        int nodes = 50;
        int replicas = 1000;
        Duration timeout = Duration.ofSeconds(300);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = i + 1 < args.length ? args[++i] : usage("missing value after " + flag);
            switch (flag) {
                case "--nodes" -> nodes = Integer.parseInt(value);
                case "--replicas" -> replicas = Integer.parseInt(value);
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value));
                default -> usage("unknown flag " + flag);
            }
        }
        return new Config(nodes, replicas, timeout);
    }

    private static String usage(String why) {
        System.err.println(why);
        System.err.println("usage: bench/controllers.sh [--nodes 50] [--replicas 1000] [--timeout 300]");
        System.exit(2);
        return null;
    }
}
