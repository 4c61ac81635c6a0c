package io.j8s.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.j8s.kubelet.Kubelet;
import io.j8s.kubelet.bootstrap.NodeCredentials;
import io.j8s.kubelet.node.Machine;
import io.j8s.kubelet.node.NodeAgent;
import io.j8s.kubelet.node.NodeConfig;
import io.j8s.kubelet.util.Timers;
import io.j8s.proxy.dns.ClusterDns;
import io.j8s.proxy.dns.DnsConfig;
import io.j8s.proxy.KubeProxy;
import io.j8s.runtime.ContainerRuntime;
import io.j8s.runtime.network.Cidr;
import io.j8s.runtime.process.ProcessRuntime;
import io.j8s.runtime.process.ProcessRuntimeConfig;
import io.j8s.runtime.simulated.SimulatedRuntime;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code j8s agent}: a node. Joins the cluster with the node token (k3s-style TLS bootstrap: its
 * own client and serving certificates from the cluster CA), then runs the kubelet as
 * {@code system:node:<name>}, with the {@code process} or the {@code simulated} runtime.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run a node agent (kubelet) that joins a j8s server.")
final class AgentCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

    @Option(names = "--server", required = true, description = "The API server's URL (https://IP:6443).")
    URI server;

    @Option(names = "--token-file", description = "The server's node-token file.")
    Path tokenFile;

    @Option(names = "--token", description = "The node token itself (instead of --token-file).")
    String token;

    @Option(names = "--name", description = "The node's name (default: this host's name).")
    String name;

    @Option(names = "--node-ip", description = "The node's InternalIP (default: this host's first IPv4 address).")
    String nodeIp;

    @Option(names = "--data-dir", description = "Where the agent keeps its state, pod logs, volumes, manifests/ (default: ~/.j8s/agent/<name>).")
    Path dataDir;

    @Option(names = "--runtime", description = "process or simulated (default: ${DEFAULT-VALUE}).")
    String runtime = "process";

    @Option(names = "--port", description = "The kubelet's HTTPS port (default: ${DEFAULT-VALUE}).")
    int port = 10250;

    @Option(names = "--address", description = "The address the kubelet's HTTPS port listens on (default: ${DEFAULT-VALUE}).")
    String address = "0.0.0.0";

    @Option(names = "--node-lease-duration-seconds", description = "The node Lease's duration; it is renewed every quarter of it (default: ${DEFAULT-VALUE}).")
    int leaseDurationSeconds = 40;

    @Option(names = "--node-status-update-frequency", converter = GoDuration.class, description = "How often the node status is computed (default: 10s).")
    Duration statusUpdateFrequency = Duration.ofSeconds(10);

    @Option(names = "--node-status-report-frequency", converter = GoDuration.class, description = "How often an unchanged node status is posted anyway (default: 5m).")
    Duration statusReportFrequency = Duration.ofMinutes(5);

    @Option(names = "--node-labels", split = ",", description = "Labels to register the node with (k=v,...).")
    List<String> nodeLabels = List.of();

    @Option(names = "--register-with-taints", split = ",", description = "Taints to register the node with (k=v:Effect,...).")
    List<String> taints = List.of();

    @Option(names = "--max-pods", description = "Pods this node may run (default: ${DEFAULT-VALUE}).")
    int maxPods = 110;

    @Option(names = "--system-reserved", split = ",", description = "Resources kept for the system (cpu=500m,memory=1Gi,ephemeral-storage=1Gi).")
    List<String> systemReserved = List.of();

    @Option(names = "--kube-reserved", split = ",", description = "Resources kept for Kubernetes daemons (as --system-reserved).")
    List<String> kubeReserved = List.of();

    @Option(names = "--pod-cidr", description = "The node's podCIDR, if not from the controller manager's node IPAM.")
    String podCidr;

    @Option(names = "--cluster-dns", split = ",", description = "DNS servers for ClusterFirst pods (default: the ClusterIP of kube-system/kube-dns where this node has a pod network of its own, else none: pods use the node's resolv.conf).")
    List<String> clusterDns = List.of();

    @Option(names = "--cluster-domain", description = "(default: ${DEFAULT-VALUE})")
    String clusterDomain = "cluster.local";

    @Option(names = "--file-check-frequency", converter = GoDuration.class, description = "How often manifests/ is read again for static pods (default: 20s; changes are also seen at once).")
    Duration fileCheckFrequency = Duration.ofSeconds(20);

    @Option(names = "--bridge", description = "The process runtime's pod bridge (default: ${DEFAULT-VALUE}).")
    String bridge = "cni0";

    // Cluster DNS (node-local, docs/dns.md): --cluster-domain above is the zone it serves.

    @Option(names = "--disable-cluster-dns", description = "Do not run the node-local cluster DNS server.")
    boolean disableClusterDns;

    @Option(names = "--cluster-dns-bind-address", description = "The address cluster DNS listens on, UDP and TCP (default: ${DEFAULT-VALUE}).")
    String clusterDnsBindAddress = "0.0.0.0";

    @Option(names = "--cluster-dns-port", description = "The port cluster DNS listens on; the proxy redirects the kube-dns Service's port 53 here (default: ${DEFAULT-VALUE}).")
    int clusterDnsPort = DnsConfig.DEFAULT_PORT;

    @Option(names = "--cluster-dns-ttl", description = "TTL of cluster DNS answers, in seconds (default: ${DEFAULT-VALUE}).")
    int clusterDnsTtl = 5;

    @Option(names = "--cluster-dns-resolv-conf", description = "Where cluster DNS reads the upstream resolvers it forwards other names to (default: ${DEFAULT-VALUE}).")
    Path clusterDnsResolvConf = Path.of("/etc/resolv.conf");

    @Option(names = "--cluster-dns-forward-timeout", converter = GoDuration.class, description = "How long one upstream resolver has to answer before the next is asked (default: 2s).")
    Duration clusterDnsForwardTimeout = Duration.ofSeconds(2);

    @Option(names = "--cluster-dns-allow", split = ",", description = "Source CIDRs cluster DNS answers; others get REFUSED "
            + "(default: --cluster-cidr, this node's IP and loopback; 0.0.0.0/0,::/0 answers anyone).")
    List<String> clusterDnsAllow = new ArrayList<>();

    // kube-proxy (issue #7): its flags, and the switch k3s has.
    @Mixin
    ProxyFlags proxyFlags = new ProxyFlags();

    @Option(names = "--disable-kube-proxy", description = "Do not run kube-proxy on this node.")
    boolean disableKubeProxy;

    @Override
    public Integer call() throws Exception {
        Agent agent = start(Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "j8s-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * A running agent: its client, the informers its node components share, timers, kubelet, the
     * cluster DNS server (null when disabled), kube-proxy (a no-op when disabled), and the registry
     * their metrics are in (served on kube-proxy's /metrics).
     */
    record Agent(KubernetesClient client, SharedInformerFactory informers, Timers timers, Kubelet kubelet, ClusterDns dns,
            AutoCloseable proxy, PrometheusRegistry metrics) implements AutoCloseable {
        /** The port the node-local cluster DNS listens on (UDP and TCP), or 0 when it does not run. */
        int clusterDnsPort() {
            return dns == null ? 0 : dns.port();
        }

        @Override
        public void close() {
            try {
                proxy.close();
            } catch (Exception e) {
                log.warn("kube-proxy did not close cleanly: {}", e.getMessage());
            }
            if (dns != null) dns.close();
            informers.stopAllRegisteredInformers();
            kubelet.close();
            timers.close();
            client.close();
        }
    }

    /** Joins and starts the kubelet; returns once the node is registered. */
    Agent start(Clock clock) throws Exception {
        String nodeName = name != null ? name : Machine.linux(Path.of("/")).hostname();
        String ip = nodeIp != null ? nodeIp : ServerCommand.firstIpv4();
        Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".j8s", "agent", nodeName);
        Files.createDirectories(dir);
        String secret = token != null ? token : tokenFile != null ? Files.readString(tokenFile).strip() : null;
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("--token-file or --token is required to join");
        NodeCredentials credentials = NodeCredentials.bootstrap(dir.resolve("tls"), server, secret, nodeName, List.of(ip),
                List.of(nodeName), clock);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(credentials.clientConfig(server)).build();
        VersionInfo version = new VersionInfo();
        var node = new NodeConfig(nodeName, ip, port, maxPods, pairs(systemReserved), pairs(kubeReserved), pairs(nodeLabels), taints,
                version.kubernetesVersion());
        boolean root = isRoot();
        if (clusterDns.isEmpty() && root && runtime.equals("process")) clusterDns = kubeDnsAddress(client);
        var config = new Kubelet.Config(node, dir, new NodeAgent.Timing(Duration.ofSeconds(leaseDurationSeconds), statusUpdateFrequency,
                statusReportFrequency), fileCheckFrequency, Duration.ofSeconds(1), Duration.ofSeconds(2), clusterDns, clusterDomain,
                address, podCidr, root && runtime.equals("process"));
        Timers timers = Timers.system();
        Kubelet.RuntimeFactory runtimes = switch (runtime) {
            case "process" -> cidr -> ProcessRuntime.open(ProcessRuntimeConfig.of(dir.resolve("runtime"), cidr, ip)
                    .withBridge(bridge, true).withCgroupRoot("/j8s/" + nodeName));
            case "simulated" -> cidr -> new SimulatedRuntime(Cidr.parse(cidr), clock);
            default -> throw new IllegalArgumentException("--runtime must be process or simulated, not " + runtime);
        };
        Kubelet kubelet = Kubelet.start(client, config, runtimes, credentials, timers, Machine.linux(dir));
        log.info("j8s agent {} joined {} as system:node:{} (runtime {}, kubelet on port {})", nodeName, server, nodeName, runtime,
                kubelet.port());
        // Services and EndpointSlices are watched once per node, by one factory shared by cluster DNS
        // and kube-proxy; their metrics share one registry, served on kube-proxy's /metrics.
        SharedInformerFactory informers = client.informers();
        PrometheusRegistry metrics = new PrometheusRegistry();
        ClusterDns dns = startClusterDns(informers, metrics, ip);
        AutoCloseable proxy = startProxy(client, informers, nodeName, ip, dns == null ? 0 : dns.port(), metrics);
        return new Agent(client, informers, timers, kubelet, dns, proxy, metrics);
    }

    /**
     * The cluster DNS address pods are given when {@code --cluster-dns} is not: the ClusterIP of
     * {@code kube-system/kube-dns}, which the API server creates (the tenth address of its Service
     * range) and this node's kube-proxy redirects to the node-local DNS server.
     */
    static List<String> kubeDnsAddress(KubernetesClient client) {
        try {
            var svc = client.services().inNamespace("kube-system").withName("kube-dns").get();
            String ip = svc == null || svc.getSpec() == null ? null : svc.getSpec().getClusterIP();
            if (ip != null && !ip.isEmpty() && !ip.equals("None")) return List.of(ip);
            log.warn("No kube-system/kube-dns Service with a ClusterIP: ClusterFirst pods get the node's resolv.conf");
        } catch (RuntimeException e) {
            log.warn("Could not read kube-system/kube-dns ({}): ClusterFirst pods get the node's resolv.conf", e.getMessage());
        }
        return List.of();
    }

    /** The node-local cluster DNS server (docs/dns.md), unless --disable-cluster-dns. */
    ClusterDns startClusterDns(SharedInformerFactory informers, PrometheusRegistry metrics, String nodeIp) throws java.io.IOException {
        if (disableClusterDns) return null;
        return ClusterDns.start(informers, clusterDnsConfig(nodeIp), metrics);
    }

    /**
     * The DNS flags as the server's configuration; the --cluster-dns addresses are ours, never
     * forwarded to. It answers the pods (the cluster CIDR), this node ({@code nodeIp}, which
     * hostNetwork pods query from) and loopback, unless --cluster-dns-allow says otherwise.
     */
    DnsConfig clusterDnsConfig(String nodeIp) throws java.net.UnknownHostException {
        List<InetAddress> self = new ArrayList<>();
        for (String ip : clusterDns) self.add(InetAddress.getByName(ip.strip()));
        List<String> allow = !clusterDnsAllow.isEmpty() ? clusterDnsAllow
                : List.of(proxyFlags.clusterCidr, nodeIp, "127.0.0.0/8", "::1/128");
        return DnsConfig.defaults().withClusterDomain(clusterDomain).withListen(clusterDnsBindAddress, clusterDnsPort)
                .withTtl(clusterDnsTtl).withResolvConf(clusterDnsResolvConf).withSelf(self).withForwardTimeout(clusterDnsForwardTimeout)
                .withAllowedSources(allow);
    }

    /**
     * kube-proxy, after the kubelet registered the node (it annotates the Node with its mode). When
     * cluster DNS runs here, {@code kube-system/kube-dns} is redirected to it ({@code dnsPort}).
     */
    AutoCloseable startProxy(KubernetesClient client, SharedInformerFactory informers, String nodeName, String ip, int dnsPort,
            PrometheusRegistry metrics) {
        if (disableKubeProxy) {
            log.info("kube-proxy is disabled on node {} (--disable-kube-proxy)", nodeName);
            return () -> { };
        }
        return KubeProxy.start(client, informers, proxyFlags.config(nodeName, ip, dnsPort), metrics);
    }

    static Map<String, String> pairs(List<String> items) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : items) {
            if (s.isBlank()) continue;
            int eq = s.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("want key=value, not " + s);
            out.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        return out;
    }

    static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
