package io.j8s.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.ControllerManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code j8s controller-manager}: the controller manager as a process of its own, an API client
 * with a kubeconfig; with {@code --leader-elect} (upstream's default) a second copy stands by.
 */
@Command(name = "controller-manager", mixinStandardHelpOptions = true,
        description = "Run the controller manager against an API server (as kube-controller-manager).")
final class ControllerManagerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ControllerManagerCommand.class);

    @Option(names = "--kubeconfig", required = true, description = "Kubeconfig to reach the API server with.")
    Path kubeconfig;

    @Option(names = "--leader-elect", arity = "0..1", fallbackValue = "true", description = "Run only while holding the kube-system/kube-controller-manager Lease (default: ${DEFAULT-VALUE}).")
    boolean leaderElect = true;

    @Option(names = "--leader-elect-lease-duration", converter = GoDuration.class, description = "(default: 15s)")
    Duration leaseDuration = Duration.ofSeconds(15);

    @Option(names = "--leader-elect-renew-deadline", converter = GoDuration.class, description = "(default: 10s)")
    Duration renewDeadline = Duration.ofSeconds(10);

    @Option(names = "--leader-elect-retry-period", converter = GoDuration.class, description = "(default: 2s)")
    Duration retryPeriod = Duration.ofSeconds(2);

    @Option(names = "--secure-port", description = "Port of /metrics and /healthz, plain HTTP for now; 0 picks one, -1 serves none (default: ${DEFAULT-VALUE}).")
    int securePort = ControllerManagerFlags.DEFAULT_SECURE_PORT;

    @Option(names = "--bind-address", description = "Address /metrics and /healthz listen on (default: ${DEFAULT-VALUE}).")
    String bindAddress = "0.0.0.0";

    @Mixin
    ControllerManagerFlags flags = new ControllerManagerFlags();

    @Override
    public Integer call() throws Exception {
        KubernetesClient client = Clients.fromKubeconfig(kubeconfig);
        ControllerManager manager = ControllerManager.start(client,
                flags.options(leaderElect, ControllerManagerFlags.timing(leaseDuration, renewDeadline, retryPeriod)));
        if (securePort >= 0) {
            try {
                manager.serve(bindAddress, securePort);
            } catch (java.io.IOException e) {
                manager.close();
                client.close();
                throw e;
            }
        }
        log.info("j8s controller-manager started (controllers: {}, leader election: {})", flags.controllers, leaderElect);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            manager.close();
            client.close();
            stopped.countDown();
        }, "j8s-shutdown"));
        stopped.await();
        return 0;
    }
}
