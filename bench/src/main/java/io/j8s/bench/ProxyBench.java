package io.j8s.bench;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.j8s.apiserver.ApiServer;
import io.j8s.controllers.ControllerManager;
import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.proxy.KubeProxy;
import io.j8s.proxy.ProxyConfig;
import io.j8s.proxy.nftables.NftablesProxier;
import io.j8s.store.embedded.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * kube-proxy's benchmark (issue #7), in one JVM run inside a network namespace of its own
 * ({@code bench/proxy.sh} makes it): a real API server on an embedded store (plain HTTP on
 * loopback), {@code --services} Services with {@code --endpoints} ready endpoints each in
 * EndpointSlices, and kube-proxy in nftables mode programming this namespace. Reports the first
 * (replacing) sync and full resyncs of the whole table, then {@code --changes} single-endpoint
 * readiness flips written to a slice, one every {@code --interval-ms}, and the time from each write
 * (its {@code endpoints.kubernetes.io/last-change-trigger-time}) to the rules being in the kernel:
 * upstream's {@code kubeproxy_network_programming_duration_seconds}, sample by sample.
 * With {@code --via slices} (the default) the slices are written directly: the endpoint
 * controllers' share of "pod Ready to traffic" is not in these figures. With {@code --via pods}
 * the objects are what a cluster has: Services with selectors, {@code --endpoints} bound pods each
 * with an IP and a Ready condition, the EndpointSlice controller running in-process; a change is
 * one pod's Ready condition flipped through {@code pods/status}, and its latency runs from that
 * write to the proxy's sync that programmed it.
 */
public final class ProxyBench {

    record Config(int services, int endpoints, int changes, int intervalMs, Duration minSyncPeriod, boolean viaPods) {}

    private ProxyBench() {}

    public static void main(String[] args) throws Exception {
        Config c = parse(args);
        System.out.printf(Locale.ROOT, "j8s proxy benchmark: %d cores (load average %.2f at start), %s; %d services x %d endpoints, "
                        + "nftables, min sync period %d ms%n", Runtime.getRuntime().availableProcessors(), ApiBench.load(),
                System.getProperty("java.vm.name") + " " + Runtime.version(), c.services(), c.endpoints(), c.minSyncPeriod().toMillis());
        Path dir = Files.createTempDirectory("j8s-proxy-bench");
        EmbeddedStore store = EmbeddedStore.open(dir.resolve("db"));
        ApiServer server = ApiServer.start(ApiServer.Config.defaults("127.0.0.1", 0).withBindAddress("127.0.0.1"), store, InProcess.plainHttp());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.port()).withRequestRetryBackoffLimit(0).build()).build();
        var informers = client.informers();
        KubeProxy proxy = null;
        ControllerManager controllers = null;
        try {
            long t0 = System.nanoTime();
            if (c.viaPods()) {
                createPods(client, c);
                System.out.printf(Locale.ROOT, "  %d Services and %,d Ready pods created in %.1f s%n", c.services(),
                        c.services() * c.endpoints(), (System.nanoTime() - t0) / 1e9);
                controllers = ControllerManager.start(client, ControllerManagerOptions.defaults().withControllers(List.of("endpointslice")));
            } else {
                createObjects(client, c);
                System.out.printf(Locale.ROOT, "  %d Services and %d EndpointSlices created in %.1f s%n", c.services(), c.services(),
                        (System.nanoTime() - t0) / 1e9);
            }

            ProxyConfig config = ProxyConfig.defaults("node-1", "127.0.0.1").withMode(ProxyConfig.NFTABLES)
                    .withSyncPeriods(c.minSyncPeriod(), ProxyConfig.DEFAULT_SYNC_PERIOD).withBindAddresses("127.0.0.1:0", "127.0.0.1:0")
                    .withAnnotateNode(false);
            List<Duration> samples = new CopyOnWriteArrayList<>();
            List<Long> programmedAt = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            proxy = KubeProxy.start(client, informers, config);
            proxy.metrics().onNetworkProgrammed(d -> {
                samples.add(d);
                programmedAt.add(System.nanoTime());
            });
            var nft = (NftablesProxier) proxy.proxier();
            InProcess.await(() -> nft.programmedServices().stream().filter(s -> s.startsWith("bench/")).count() >= c.services(),
                    Duration.ofMinutes(5), Duration.ofMillis(5));
            if (c.viaPods()) {
                // The controller's slices arrive service by service: wait for every endpoint to be
                // published, then for the proxy to have programmed the last of them.
                InProcess.await(() -> readyEndpoints(client) >= c.services() * c.endpoints(), Duration.ofMinutes(5), Duration.ofMillis(250));
                System.out.printf(Locale.ROOT, "  the EndpointSlice controller had published all %,d endpoints %.2f s after the proxy started%n",
                        c.services() * c.endpoints(), (System.nanoTime() - start) / 1e9);
                long quiet = System.nanoTime();
                int seen = programmedAt.size();
                while (System.nanoTime() - quiet < 2_000_000_000L) {
                    Thread.sleep(100);
                    if (programmedAt.size() != seen) {
                        seen = programmedAt.size();
                        quiet = System.nanoTime();
                    }
                }
            }
            double programmed = (System.nanoTime() - start) / 1e9;
            var first = nft.lastSyncStats();
            System.out.printf(Locale.ROOT, "  all services programmed %.2f s after the proxy started (informers' lists included); "
                            + "that sync (%s, %,d lines): write %d ms, nft %d ms%n", programmed, first.kind(), first.lines(),
                    first.generate().toMillis(), first.apply().toMillis());
            for (int i = 0; i < 3; i++) {
                nft.syncFull();
                var full = nft.lastSyncStats();
                System.out.printf(Locale.ROOT, "  full sync %d (%s, %,d lines): write %d ms, nft %d ms, total %d ms%n", i + 1, full.kind(),
                        full.lines(), full.generate().toMillis(), full.apply().toMillis(),
                        full.generate().plus(full.apply()).toMillis());
            }

            samples.clear();
            programmedAt.clear();
            List<Long> lat = new ArrayList<>();
            List<Long> partialNft = new ArrayList<>();
            Random random = new Random(42);
            long cpu0 = Cpu.benchNanos();
            for (int k = 0; k < c.changes(); k++) {
                int svc = random.nextInt(c.services());
                int ep = k % c.endpoints();
                int before = programmedAt.size();
                long written = System.nanoTime();
                if (c.viaPods()) {
                    flipReady(client, "svc-" + svc + "-" + ep);
                } else {
                    client.discovery().v1().endpointSlices().inNamespace("bench").withName("svc-" + svc + "-1").edit(s -> {
                        var e = s.getEndpoints().get(ep);
                        boolean ready = e.getConditions().getReady() == null || e.getConditions().getReady();
                        e.getConditions().setReady(!ready);
                        e.getConditions().setServing(!ready);
                        s.getMetadata().getAnnotations().put("endpoints.kubernetes.io/last-change-trigger-time", Instant.now().toString());
                        return s;
                    });
                }
                InProcess.await(() -> programmedAt.size() > before, Duration.ofSeconds(30), Duration.ofMillis(1));
                lat.add(programmedAt.get(before) - written);
                var st = nft.lastSyncStats();
                if (st != null && st.kind().equals("partial")) partialNft.add(st.apply().toNanos());
                Thread.sleep(c.intervalMs());
            }
            double cpu = (Cpu.benchNanos() - cpu0) / 1e9;
            Collections.sort(lat);
            Collections.sort(partialNft);
            System.out.printf(Locale.ROOT, "  %s readiness change -> rules in the kernel, %d changes one every %d ms: "
                            + "p50 %.0f ms, p99 %.0f ms, max %.0f ms; partial syncs' nft p50 %.1f ms, p99 %.1f ms; CPU %.1f core-seconds%n",
                    c.viaPods() ? "pod (pods/status write, EndpointSlice controller, proxy)" : "endpoint (EndpointSlice write, proxy)",
                    lat.size(), c.intervalMs(), ms(pct(lat, 0.50)), ms(pct(lat, 0.99)), ms(pct(lat, 1.0)),
                    ms(pct(partialNft, 0.50)), ms(pct(partialNft, 0.99)), cpu);
        } finally {
            if (controllers != null) controllers.close();
            if (proxy != null) {
                proxy.close();
                KubeProxy.cleanup(ProxyConfig.defaults("node-1", "127.0.0.1"));
            }
            informers.stopAllRegisteredInformers();
            client.close();
            server.close();
            store.close();
            InProcess.deleteTree(dir);
        }
        System.exit(0);
    }

    static long pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) return 0;
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void createObjects(KubernetesClient client, Config c) throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build()).create();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        Semaphore inFlight = new Semaphore(16);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < c.services(); i++) {
            int n = i;
            inFlight.acquire();
            done.add(pool.submit(() -> {
                try {
                    client.resource(new ServiceBuilder().withNewMetadata().withNamespace("bench").withName("svc-" + n).endMetadata()
                            .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp(n))
                            .addNewPort().withPort(80).withProtocol("TCP").withTargetPort(new IntOrString(8080)).endPort()
                            .endSpec().build()).create();
                    client.resource(slice(n, c.endpoints())).create();
                } finally {
                    inFlight.release();
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();
    }

    /**
     * Three Nodes, then per Service a selector and {@code endpoints} pods bound round-robin to
     * them, each given an IP, phase Running and a Ready condition through {@code pods/status}.
     */
    private static void createPods(KubernetesClient client, Config c) throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build()).create();
        for (int i = 1; i <= 3; i++) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + i).endMetadata().build()).create();
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        Semaphore inFlight = new Semaphore(16);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < c.services(); i++) {
            int n = i;
            inFlight.acquire();
            done.add(pool.submit(() -> {
                try {
                    client.resource(new ServiceBuilder().withNewMetadata().withNamespace("bench").withName("svc-" + n).endMetadata()
                            .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp(n)).withSelector(Map.of("app", "svc-" + n))
                            .addNewPort().withPort(80).withProtocol("TCP").withTargetPort(new IntOrString(8080)).endPort()
                            .endSpec().build()).create();
                    for (int j = 0; j < c.endpoints(); j++) {
                        int host = n * c.endpoints() + j;
                        Pod pod = client.resource(new PodBuilder().withNewMetadata().withNamespace("bench").withName("svc-" + n + "-" + j)
                                .withLabels(Map.of("app", "svc-" + n)).endMetadata().withNewSpec().withNodeName("node-" + (1 + j % 3))
                                .addNewContainer().withName("web").withImage("busybox").addNewPort().withContainerPort(8080).endPort()
                                .endContainer().endSpec().build()).create();
                        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                                .withPodIP("10.244." + (host / 250) + "." + (host % 250 + 2))
                                .addNewPodIP().withIp("10.244." + (host / 250) + "." + (host % 250 + 2)).endPodIP()
                                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(Instant.now().toString())
                                .endCondition().build());
                        client.pods().inNamespace("bench").resource(pod).updateStatus();
                    }
                } finally {
                    inFlight.release();
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();
    }

    /** Ready endpoints in the bench namespace's EndpointSlices, as the API has them. */
    private static long readyEndpoints(KubernetesClient client) {
        return client.discovery().v1().endpointSlices().inNamespace("bench").list().getItems().stream()
                .flatMap(sl -> sl.getEndpoints().stream())
                .filter(e -> e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady())).count();
    }

    /** Flips one pod's Ready condition through pods/status, as a kubelet's probe result would. */
    private static void flipReady(KubernetesClient client, String pod) {
        client.pods().inNamespace("bench").withName(pod).editStatus(p -> {
            for (PodCondition cond : p.getStatus().getConditions()) {
                if (cond.getType().equals("Ready")) {
                    cond.setStatus(cond.getStatus().equals("True") ? "False" : "True");
                    cond.setLastTransitionTime(Instant.now().toString());
                }
            }
            return p;
        });
    }

    /** Service n's ClusterIP, inside the default 10.96.0.0/12, away from the bootstrap services' addresses. */
    static String clusterIp(int n) {
        return "10.100." + (n / 250) + "." + (n % 250 + 1);
    }

    private static EndpointSlice slice(int n, int endpoints) {
        List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> eps = new ArrayList<>();
        for (int j = 0; j < endpoints; j++) {
            int host = n * endpoints + j;
            eps.add(new EndpointBuilder().withAddresses("10.244." + (host / 250) + "." + (host % 250 + 2)).withNodeName(
                    "node-" + (1 + j % 3)).withNewConditions().withReady(true).withServing(true).withTerminating(false)
                    .endConditions().build());
        }
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("bench").withName("svc-" + n + "-1")
                .withLabels(Map.of("kubernetes.io/service-name", "svc-" + n,
                        "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"))
                .withAnnotations(Map.of("endpoints.kubernetes.io/last-change-trigger-time", Instant.now().toString())).endMetadata()
                .withAddressType("IPv4").addNewPort().withPort(8080).withProtocol("TCP").endPort().withEndpoints(eps).build();
    }

    static Config parse(String[] args) {
        int services = 1000;
        int endpoints = 10;
        int changes = 200;
        int interval = 200;
        Duration min = ProxyConfig.DEFAULT_MIN_SYNC_PERIOD;
        boolean viaPods = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--services" -> services = Integer.parseInt(args[++i]);
                case "--endpoints" -> endpoints = Integer.parseInt(args[++i]);
                case "--changes" -> changes = Integer.parseInt(args[++i]);
                case "--interval-ms" -> interval = Integer.parseInt(args[++i]);
                case "--min-sync-period-ms" -> min = Duration.ofMillis(Long.parseLong(args[++i]));
                case "--via" -> viaPods = switch (args[++i]) {
                    case "pods" -> true;
                    case "slices" -> false;
                    default -> throw new IllegalArgumentException("--via pods or --via slices, not " + args[i]);
                };
                default -> throw new IllegalArgumentException("unknown flag " + args[i]
                        + " (--services N --endpoints N --changes N --interval-ms N --min-sync-period-ms N --via pods|slices)");
            }
        }
        return new Config(services, endpoints, changes, interval, min, viaPods);
    }
}
