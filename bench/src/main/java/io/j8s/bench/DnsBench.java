package io.j8s.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.j8s.apiserver.ApiServer;
import io.j8s.proxy.dns.ClusterDns;
import io.j8s.proxy.dns.DnsConfig;
import io.j8s.store.embedded.EmbeddedStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Cluster DNS queries/s (issue #7), in one JVM: the real API server (plain HTTP on loopback) with
 * N Services (every tenth headless) and an EndpointSlice of E endpoints each, the node-local DNS
 * server fed by informers from it, a fake upstream resolver on loopback, and C closed-loop UDP
 * clients. Workloads: hits (a ClusterIP Service's A), headless (E addresses), misses (NXDOMAIN in
 * the cluster zone) and forwarded names (through the upstream). Clients, server and upstream share
 * the machine's cores, so the cpu column says what the figure cost.
 */
public final class DnsBench {

    private static final String NS = "dns-bench";

    record Config(int services, int endpoints, int clients, Duration warmup, Duration measure) {}

    record Result(String workload, long answered, long lost, double seconds, Latencies latency, double cpuCores, double serverCores) {
        double qps() {
            return answered / seconds;
        }
    }

    /**
     * CPU time of the DNS server's own threads: its UDP receivers, dnsjava's selector and the
     * common pool (where forwarded answers complete); not the clients', the API server's or the fake upstream's.
     */
    private static long serverCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (n.startsWith("cluster-dns") || n.startsWith("dnsjava NIO selector") || n.startsWith("ForkJoinPool.commonPool")) {
                long ns = mx.getThreadCpuTime(t.threadId());
                if (ns > 0) sum += ns;
            }
        }
        return sum;
    }

    public static void main(String[] args) throws Exception {
        Config c = parse(args);
        System.out.printf(Locale.ROOT, "DNS bench: %d services (every tenth headless) x %d endpoints, %d UDP clients, %s warm-up, %s measured; "
                + "%d cores, load %.2f, %s%n", c.services(), c.endpoints(), c.clients(), c.warmup(), c.measure(),
                Runtime.getRuntime().availableProcessors(), ApiBench.load(), System.getProperty("java.vm.name") + " " + Runtime.version());
        Path dir = Files.createTempDirectory("j8s-dns-bench");
        EmbeddedStore store = EmbeddedStore.open(dir.resolve("db"));
        ApiServer server = ApiServer.start(ApiServer.Config.defaults("127.0.0.1", 0).withBindAddress("127.0.0.1"), store, InProcess.plainHttp());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.port()).withRequestRetryBackoffLimit(0).build()).build();
        FakeUpstream upstream = new FakeUpstream();
        SharedInformerFactory informers = client.informers();
        ClusterDns dns = null;
        try {
            long t0 = System.nanoTime();
            populate(client, c);
            System.out.printf(Locale.ROOT, "  %d services and their slices created in %.1f s%n", c.services(), (System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            dns = ClusterDns.start(informers, DnsConfig.defaults().withListen("127.0.0.1", 0).withUpstreams(List.of(upstream.address())),
                    new PrometheusRegistry());
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), dns.port());
            byte[] last = query(name(c.services() - 1), Type.A, 0);
            ClusterDns started = dns;
            if (!InProcess.await(() -> started.hasSynced() && answers(at, last) > 0, Duration.ofSeconds(120), Duration.ofMillis(50))) {
                throw new IllegalStateException("cluster DNS did not answer for the last service within 120 s");
            }
            System.out.printf(Locale.ROOT, "  DNS server synced and answering in %.2f s (port %d)%n", (System.nanoTime() - t0) / 1e9, dns.port());

            List<Result> results = new ArrayList<>();
            results.add(run("hit (ClusterIP A)", at, c, i -> query(name(clusterIpIndex(i, c)), Type.A, 0)));
            results.add(run("headless (A x " + c.endpoints() + ")", at, c, i -> query(name(headlessIndex(i, c)), Type.A, 0)));
            results.add(run("miss (NXDOMAIN)", at, c, i -> query("nosuch-" + i + "." + NS + ".svc.cluster.local.", Type.A, 0)));
            results.add(run("forwarded", at, c, i -> query("host-" + i + ".example.org.", Type.A, 0)));

            System.out.printf(Locale.ROOT, "%nload average at the end: %.2f%n%n", ApiBench.load());
            System.out.printf(Locale.ROOT, "%-22s %10s %8s %10s %10s %10s %8s %11s %14s%n", "workload", "queries/s", "lost", "p50 ms",
                    "p99 ms", "p99.9 ms", "cpu", "server cpu", "q/s per core");
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "%-22s %10.0f %8d %10.3f %10.3f %10.3f %8.2f %11.2f %14.0f%n", r.workload(), r.qps(), r.lost(),
                        ApiBench.ms(r.latency().percentile(0.50)), ApiBench.ms(r.latency().percentile(0.99)),
                        ApiBench.ms(r.latency().percentile(0.999)), r.cpuCores(), r.serverCores(), r.qps() / r.serverCores());
            }
        } finally {
            if (dns != null) dns.close();
            informers.stopAllRegisteredInformers();
            upstream.close();
            client.close();
            server.close();
            store.close();
            InProcess.deleteTree(dir);
        }
        System.exit(0);
    }

    private static int clusterIpIndex(int i, Config c) {
        int k = i % c.services();
        return k % 10 == 0 ? (k + 1) % c.services() : k;
    }

    private static int headlessIndex(int i, Config c) {
        return (i * 10) % Math.max(10, c.services() - c.services() % 10);
    }

    static String name(int i) {
        return "svc-" + i + "." + NS + ".svc.cluster.local.";
    }

    private static void populate(KubernetesClient client, Config c) throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < c.services(); i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    client.services().inNamespace(NS).resource(service(n)).create();
                    client.resources(EndpointSlice.class).inNamespace(NS).resource(slice(n, c.endpoints())).create();
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        }
    }

    /** svc-N: ClusterIP 10.100.x.y, or headless for every tenth, with one named port. */
    private static Service service(int n) {
        String ip = n % 10 == 0 ? "None" : "10.100." + (n / 250) + "." + (n % 250 + 1);
        return new ServiceBuilder().withNewMetadata().withNamespace(NS).withName("svc-" + n).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip).withSelector(Map.of("app", "svc-" + n))
                .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSpec().build();
    }

    private static EndpointSlice slice(int n, int endpoints) {
        List<Endpoint> eps = new ArrayList<>();
        for (int j = 0; j < endpoints; j++) {
            int k = n * endpoints + j;
            eps.add(new EndpointBuilder().withAddresses("10." + (128 + k / 65536) + "." + (k / 256 % 256) + "." + (k % 256))
                    .withNewConditions().withReady(true).endConditions().build());
        }
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(NS).withName("svc-" + n + "-abcde")
                .withLabels(Map.of("kubernetes.io/service-name", "svc-" + n, "endpointslice.kubernetes.io/managed-by",
                        "endpointslice-controller.k8s.io"))
                .endMetadata().withAddressType("IPv4").withEndpoints(eps)
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build();
    }

    static byte[] query(String name, int type, int id) {
        Message q = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        q.getHeader().setID(id);
        q.getHeader().setFlag(Flags.RD);
        return q.toWire();
    }

    private static int answers(InetSocketAddress at, byte[] q) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(1000);
            s.send(new DatagramPacket(q, q.length, at));
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            s.receive(p);
            return new Message(java.util.Arrays.copyOf(p.getData(), p.getLength())).getSection(Section.ANSWER).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** C closed-loop clients, each cycling through 1,000 pre-rendered queries; a reply not back within 1 s is lost. */
    private static Result run(String workload, InetSocketAddress at, Config c, IntFunction<byte[]> queries) throws Exception {
        byte[][] qs = new byte[1000][];
        for (int i = 0; i < qs.length; i++) qs[i] = queries.apply(i);
        System.out.printf(Locale.ROOT, "%n%s ...%n", workload);
        runClients(at, c.clients(), c.warmup(), qs);
        long cpu0 = Cpu.benchNanos();
        long server0 = serverCpuNanos();
        long t0 = System.nanoTime();
        List<Client> clients = runClients(at, c.clients(), c.measure(), qs);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cores = (Cpu.benchNanos() - cpu0) / 1e9 / seconds;
        double serverCores = (serverCpuNanos() - server0) / 1e9 / seconds;
        Latencies all = new Latencies();
        long answered = 0, lost = 0;
        for (Client cl : clients) {
            all.add(cl.latency);
            answered += cl.answered;
            lost += cl.lost;
        }
        return new Result(workload, answered, lost, seconds, all, cores, serverCores);
    }

    private static final class Client implements Runnable {
        final Latencies latency = new Latencies();
        long answered;
        long lost;
        private final InetSocketAddress at;
        private final byte[][] queries;
        private final long until;

        Client(InetSocketAddress at, byte[][] queries, long until) {
            this.at = at;
            this.queries = queries;
            this.until = until;
        }

        @Override
        public void run() {
            try (DatagramSocket s = new DatagramSocket()) {
                s.connect(at);
                s.setSoTimeout(1000);
                byte[] in = new byte[4096];
                DatagramPacket reply = new DatagramPacket(in, in.length);
                int i = ThreadLocalRandom.current().nextInt(queries.length);
                int id = ThreadLocalRandom.current().nextInt(65536);
                while (System.nanoTime() < until) {
                    byte[] q = queries[i++ % queries.length];
                    id = (id + 1) & 0xffff;
                    q[0] = (byte) (id >> 8);
                    q[1] = (byte) id;
                    long t = System.nanoTime();
                    s.send(new DatagramPacket(q, q.length));
                    try {
                        do {
                            reply.setLength(in.length);
                            s.receive(reply);
                        } while ((((in[0] & 0xff) << 8) | (in[1] & 0xff)) != id); // a late reply to a lost query
                        latency.record(System.nanoTime() - t);
                        answered++;
                    } catch (SocketTimeoutException e) {
                        lost++;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static List<Client> runClients(InetSocketAddress at, int n, Duration d, byte[][] queries) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        List<Client> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Each client its own copy: the ID is written into the query bytes.
            byte[][] own = new byte[queries.length][];
            for (int j = 0; j < queries.length; j++) own[j] = queries[j].clone();
            Client cl = new Client(at, own, until);
            clients.add(cl);
            threads.add(Thread.ofPlatform().name("dns-client-" + i).start(cl));
        }
        for (Thread t : threads) t.join();
        return clients;
    }

    /** The node's upstream resolver, on loopback: 192.0.2.1 for every name. */
    private static final class FakeUpstream implements AutoCloseable {
        private final DatagramSocket socket;

        FakeUpstream() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofPlatform().daemon().name("fake-upstream").start(this::serve);
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        private void serve() {
            byte[] buf = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                    Message r = new Message(q.getHeader().getID());
                    r.getHeader().setFlag(Flags.QR);
                    r.getHeader().setFlag(Flags.RA);
                    r.addRecord(q.getQuestion(), Section.QUESTION);
                    r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1})),
                            Section.ANSWER);
                    byte[] out = r.toWire();
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                } catch (IOException e) {
                    // Closed, or a bad packet.
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    static Config parse(String[] args) {
        int services = 1000, endpoints = 10, clients = 8;
        Duration warmup = Duration.ofSeconds(5), measure = Duration.ofSeconds(10);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) usage("missing value after " + flag);
            String value = args[++i];
            switch (flag) {
                case "--services" -> services = Integer.parseInt(value);
                case "--endpoints" -> endpoints = Integer.parseInt(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(value));
                case "--seconds" -> measure = Duration.ofSeconds(Long.parseLong(value));
                default -> usage("unknown flag " + flag);
            }
        }
        if (services < 10) usage("--services must be at least 10");
        return new Config(services, endpoints, clients, warmup, measure);
    }

    private static void usage(String why) {
        System.err.println(why);
        System.err.println("usage: bench/dns.sh [--services 1000] [--endpoints 10] [--clients 8] [--warmup 5] [--seconds 10]");
        System.exit(2);
    }
}
