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
import io.j8s.apiserver.ApiServer;
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
 * The slices are written directly: the endpoint controllers' share of "pod Ready to traffic" is not in
 * these figures.
 */
public final class ProxyBench {

    record Config(int services, int endpoints, int changes, int intervalMs, Duration minSyncPeriod) {}

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
        try {
            long t0 = System.nanoTime();
            createObjects(client, c);
            System.out.printf(Locale.ROOT, "  %d Services and %d EndpointSlices created in %.1f s%n", c.services(), c.services(),
                    (System.nanoTime() - t0) / 1e9);

            ProxyConfig config = ProxyConfig.defaults("node-1", "127.0.0.1").withMode(ProxyConfig.NFTABLES)
                    .withSyncPeriods(c.minSyncPeriod(), ProxyConfig.DEFAULT_SYNC_PERIOD).withBindAddresses("127.0.0.1:0", "127.0.0.1:0")
                    .withAnnotateNode(false);
            List<Duration> samples = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            proxy = KubeProxy.start(client, informers, config);
            proxy.metrics().onNetworkProgrammed(samples::add);
            var nft = (NftablesProxier) proxy.proxier();
            InProcess.await(() -> nft.programmedServices().stream().filter(s -> s.startsWith("bench/")).count() >= c.services(),
                    Duration.ofMinutes(5), Duration.ofMillis(5));
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
            List<Long> partialNft = new ArrayList<>();
            Random random = new Random(42);
            long cpu0 = Cpu.benchNanos();
            for (int k = 0; k < c.changes(); k++) {
                int svc = random.nextInt(c.services());
                int ep = k % c.endpoints();
                int before = samples.size();
                client.discovery().v1().endpointSlices().inNamespace("bench").withName("svc-" + svc + "-1").edit(s -> {
                    var e = s.getEndpoints().get(ep);
                    boolean ready = e.getConditions().getReady() == null || e.getConditions().getReady();
                    e.getConditions().setReady(!ready);
                    e.getConditions().setServing(!ready);
                    s.getMetadata().getAnnotations().put("endpoints.kubernetes.io/last-change-trigger-time", Instant.now().toString());
                    return s;
                });
                InProcess.await(() -> samples.size() > before, Duration.ofSeconds(30), Duration.ofMillis(1));
                var st = nft.lastSyncStats();
                if (st != null && st.kind().equals("partial")) partialNft.add(st.apply().toNanos());
                Thread.sleep(c.intervalMs());
            }
            double cpu = (Cpu.benchNanos() - cpu0) / 1e9;
            List<Long> lat = new ArrayList<>(samples.stream().map(Duration::toNanos).toList());
            Collections.sort(lat);
            Collections.sort(partialNft);
            System.out.printf(Locale.ROOT, "  endpoint readiness change -> rules in the kernel, %d changes one every %d ms: "
                            + "p50 %.0f ms, p99 %.0f ms, max %.0f ms; partial syncs' nft p50 %.1f ms, p99 %.1f ms; CPU %.1f core-seconds%n",
                    lat.size(), c.intervalMs(), ms(pct(lat, 0.50)), ms(pct(lat, 0.99)), ms(pct(lat, 1.0)),
                    ms(pct(partialNft, 0.50)), ms(pct(partialNft, 0.99)), cpu);
        } finally {
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--services" -> services = Integer.parseInt(args[++i]);
                case "--endpoints" -> endpoints = Integer.parseInt(args[++i]);
                case "--changes" -> changes = Integer.parseInt(args[++i]);
                case "--interval-ms" -> interval = Integer.parseInt(args[++i]);
                case "--min-sync-period-ms" -> min = Duration.ofMillis(Long.parseLong(args[++i]));
                default -> throw new IllegalArgumentException("unknown flag " + args[i]
                        + " (--services N --endpoints N --changes N --interval-ms N --min-sync-period-ms N)");
            }
        }
        return new Config(services, endpoints, changes, interval, min);
    }
}
