package io.j8s.cli;

import io.j8s.api.defaults.DefaultsConfig;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.Builtins;
import io.j8s.apiserver.Secure;
import io.j8s.apiserver.auth.TokenFile;
import io.j8s.apiserver.service.IpRange;
import io.j8s.store.Store;
import io.j8s.store.embedded.EmbeddedStore;
import io.j8s.store.etcd.EtcdStore;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.ControllerManager;
import io.j8s.controllers.runtime.LeaderElection;
import java.util.ArrayList;
import java.util.Collections;
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
 * {@code j8s server}: the control plane of one machine: the API server on the chosen store, and
 * the scheduler and the controller manager in-process, API clients with the admin kubeconfig the
 * server wrote (each can be turned off with {@code --disable NAME}, as k3s does).
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the control plane (API server, scheduler, controller manager).")
final class ServerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = "--data-dir", description = "State: store, TLS, kubeconfig, node-token (default: ~/.j8s/server).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".j8s", "server");

    @Option(names = "--port", description = "HTTPS port of the API server (default: ${DEFAULT-VALUE}).")
    int port = 6443;

    @Option(names = "--bind-address", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bindAddress = "0.0.0.0";

    @Option(names = "--advertise-address", description = "Address other components reach the API server at (default: this host's first IPv4 address).")
    String advertiseAddress;

    @Option(names = "--store", description = "embedded or etcd (default: ${DEFAULT-VALUE}).")
    String storeKind = "embedded";

    @Option(names = "--etcd-endpoints", split = ",", description = "etcd client URLs, for --store etcd.")
    List<String> etcdEndpoints = List.of();

    @Option(names = "--default-not-ready-toleration-seconds", description = "Toleration added to pods for node.kubernetes.io/not-ready:NoExecute (default: ${DEFAULT-VALUE}).")
    long notReadyToleration = 300;

    @Option(names = "--default-unreachable-toleration-seconds", description = "Toleration added to pods for node.kubernetes.io/unreachable:NoExecute (default: ${DEFAULT-VALUE}).")
    long unreachableToleration = 300;

    @Option(names = "--service-cluster-ip-range", description = "Service ClusterIPs: one IPv4 CIDR; the first address is the kubernetes Service's, the tenth cluster DNS (default: ${DEFAULT-VALUE}).")
    String serviceClusterIpRange = "10.96.0.0/12";

    @Option(names = "--service-node-port-range", description = "Ports NodePort and LoadBalancer Services get, low-high (default: ${DEFAULT-VALUE}).")
    String serviceNodePortRange = "30000-32767";

    @Option(names = "--event-ttl", converter = GoDuration.class, description = "How long Events are kept (default: 1h).")
    Duration eventTtl = Duration.ofHours(1);

    @Option(names = "--etcd-compaction-interval", converter = GoDuration.class, description = "How often old revisions are compacted (default: 5m; 0 turns it off).")
    Duration compactionInterval = Duration.ofMinutes(5);

    @Option(names = "--token-auth-file", description = "Static bearer tokens, as upstream's: CSV lines token,user,uid[,\"group1,group2\"].")
    Path tokenAuthFile;

    @Option(names = "--disable", split = ",", description = "Components not to run: scheduler, controller-manager.")
    List<String> disable = List.of();

    /** The controller manager's flags ({@code --cluster-cidr}, {@code --controllers}, …), for the one run in-process. */
    @Mixin
    ControllerManagerFlags controllerManager = new ControllerManagerFlags();

    /** Told once the server answers; `j8s up` prints its next steps here. */
    Runnable onReady = () -> { };

    @Override
    public Integer call() throws Exception {
        Running running = start();
        onReady.run();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "j8s-shutdown"));
        stopped.await();
        return 0;
    }

    /** A started control plane; closing it stops the components, then the server, then the store. */
    record Running(ApiServer server, Store store, Secure secure, Path kubeconfig, List<AutoCloseable> components) implements AutoCloseable {
        @Override
        public void close() {
            for (AutoCloseable c : components.reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.warn("Stopping {}: {}", c, e.toString());
                }
            }
            server.close();
            store.close();
        }
    }

    /** Starts the API server and the in-process components (controller manager, scheduler), not waiting for a stop. */
    Running start() throws Exception {
        for (String d : disable) {
            if (!List.of("scheduler", "controller-manager").contains(d)) {
                throw new IllegalArgumentException("--disable: \"" + d + "\" is not a component j8s server runs (scheduler, controller-manager)");
            }
        }
        String advertise = advertiseAddress != null ? advertiseAddress : firstIpv4();
        ApiServer.ServiceNetwork services = serviceNetwork();
        Secure secure = Secure.prepare(dataDir, advertise, port, IpRange.parse(services.clusterIpRange()).nth(1));
        Store store = switch (storeKind) {
            case "embedded" -> EmbeddedStore.open(dataDir.resolve("db"));
            case "etcd" -> {
                if (etcdEndpoints.isEmpty()) throw new IllegalArgumentException("--store etcd needs --etcd-endpoints");
                yield EtcdStore.connect(etcdEndpoints);
            }
            default -> throw new IllegalArgumentException("--store must be embedded or etcd, not " + storeKind);
        };
        ApiServer.Config config = new ApiServer.Config(bindAddress, port, advertise, Duration.ofMinutes(1), 100_000, 10_000,
                eventTtl, compactionInterval, Clock.systemUTC()).withServices(services);
        ApiServer server = ApiServer.start(config, store, new ApiServer.Parts(
                Builtins.rules(new DefaultsConfig(notReadyToleration, unreachableToleration)),
                Builtins.hooks(Clock.systemUTC()), secure.listener(bindAddress, port),
                secure.filters(tokenAuthFile == null ? Map.of() : TokenFile.read(tokenAuthFile)),
                secure.kubeletClientContext()));
        Path kubeconfig = dataDir.resolve("kubeconfig").toAbsolutePath();
        List<AutoCloseable> components = new ArrayList<>();
        if (!disable.contains("controller-manager")) {
            // An API client like any other, with the admin's kubeconfig; one server, so no election.
            KubernetesClient client = Clients.fromKubeconfig(kubeconfig);
            components.add(client);
            ControllerManager cm = ControllerManager.start(client, controllerManager.options(false, LeaderElection.Timing.UPSTREAM));
            components.add(cm);
            try {
                cm.serve(bindAddress, ControllerManagerFlags.DEFAULT_SECURE_PORT);
            } catch (java.net.BindException e) {
                // Another controller manager (or anything) holds the port: run anyway, without /metrics.
                log.warn("Controller manager metrics not served: port {} on {} is taken ({})", ControllerManagerFlags.DEFAULT_SECURE_PORT,
                        bindAddress, e.getMessage());
            }
        }
        if (!disable.contains("scheduler")) {
            components.add(InProcessScheduler.start(kubeconfig, bindAddress));
        }
        log.info("j8s server ready: export KUBECONFIG={}", kubeconfig);
        return new Running(server, store, secure, kubeconfig, List.copyOf(components));
    }

    /** The Service ranges of the flags, checked (a bad one is an IllegalArgumentException naming the flag). */
    ApiServer.ServiceNetwork serviceNetwork() {
        return new ApiServer.ServiceNetwork(serviceClusterIpRange, serviceNodePortRange, ApiServer.ServiceNetwork.DEFAULTS.repairInterval());
    }

    /** The first non-loopback IPv4 address of this host, as k3s picks its node IP. */
    static String firstIpv4() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) return a.getHostAddress();
            }
        }
        return "127.0.0.1";
    }
}
