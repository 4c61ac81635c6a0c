package io.j8s.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.scheduler.Scheduler;
import io.j8s.scheduler.SchedulerOptions;
import io.j8s.scheduler.config.ConfigLoader;
import io.j8s.scheduler.config.LeaderElection;
import io.j8s.scheduler.config.SchedulerConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code j8s scheduler}: kube-scheduler on its own, an API client with a kubeconfig, e.g. a
 * standby beside the one {@code j8s server} runs; they share the Lease kube-system/kube-scheduler.
 * Flags have upstream's names; where a flag and the {@code --config} file both say something, the
 * flag wins.
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true, description = "Run the scheduler (kube-scheduler) against an API server.")
final class SchedulerCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", required = true, description = "Kubeconfig of the API server to schedule for.")
    Path kubeconfig;

    @Option(names = "--config", description = "A KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1): profiles, plugins, their args.")
    Path config;

    @Option(names = "--leader-elect", arity = "0..1", fallbackValue = "true",
            description = "Elect a leader on a Lease before scheduling, so standbys can wait (default: true).")
    Boolean leaderElect;

    @Option(names = "--leader-elect-lease-duration", converter = GoDuration.class, description = "How long a lease is held without renewal (default: 15s).")
    Duration leaseDuration;

    @Option(names = "--leader-elect-renew-deadline", converter = GoDuration.class, description = "How long the leader tries to renew before giving up (default: 10s).")
    Duration renewDeadline;

    @Option(names = "--leader-elect-retry-period", converter = GoDuration.class, description = "How often to try to acquire or renew (default: 2s).")
    Duration retryPeriod;

    @Option(names = "--leader-elect-resource-namespace", description = "Namespace of the Lease (default: kube-system).")
    String leaseNamespace;

    @Option(names = "--leader-elect-resource-name", description = "Name of the Lease (default: kube-scheduler).")
    String leaseName;

    @Option(names = "--secure-port", description = "Port of /metrics and /healthz, plain HTTP for now; 0 picks one, -1 serves none (default: ${DEFAULT-VALUE}).")
    int securePort = SchedulerOptions.DEFAULT_SECURE_PORT;

    @Option(names = "--bind-address", description = "Address /metrics and /healthz listen on (default: ${DEFAULT-VALUE}).")
    String bindAddress = "0.0.0.0";

    @Override
    public Integer call() throws Exception {
        SchedulerConfiguration c = config == null ? SchedulerConfiguration.defaults() : ConfigLoader.load(config);
        c = c.withLeaderElection(leaderElection(c.leaderElection()));
        KubernetesClient client = client(kubeconfig);
        Scheduler scheduler = new Scheduler(client, SchedulerOptions.defaults().withConfig(c).withServing(bindAddress, securePort));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scheduler.close();
            client.close();
            stopped.countDown();
        }, "j8s-scheduler-shutdown"));
        scheduler.start();
        stopped.await();
        return 0;
    }

    /** The configuration's leader election with the flags given on top. */
    LeaderElection leaderElection(LeaderElection le) {
        return new LeaderElection(leaderElect != null ? leaderElect : le.leaderElect(),
                leaseDuration != null ? leaseDuration : le.leaseDuration(),
                renewDeadline != null ? renewDeadline : le.renewDeadline(),
                retryPeriod != null ? retryPeriod : le.retryPeriod(),
                leaseNamespace != null ? leaseNamespace : le.resourceNamespace(),
                leaseName != null ? leaseName : le.resourceName());
    }

    /** A fabric8 client from a kubeconfig file, with its JDK transport. */
    static KubernetesClient client(Path kubeconfig) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
