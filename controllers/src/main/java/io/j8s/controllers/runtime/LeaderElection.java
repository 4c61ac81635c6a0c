package io.j8s.controllers.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Lease ({@code kube-system/<name>}), with fabric8's LeaderElector: only the
 * holder runs its controllers; a standby takes over when the holder stops renewing. Upstream's
 * defaults: lease 15 s, renew deadline 10 s, retry 2 s.
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    /** The timings of {@code --leader-elect-lease-duration}, {@code -renew-deadline}, {@code -retry-period}. */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public Timing {
            Objects.requireNonNull(leaseDuration, "leaseDuration");
            if (leaseDuration.compareTo(renewDeadline) <= 0 || renewDeadline.compareTo(retryPeriod) <= 0 || retryPeriod.isZero()) {
                throw new IllegalArgumentException("leader election needs lease duration > renew deadline > retry period > 0");
            }
        }

        public static final Timing UPSTREAM = new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    private final CompletableFuture<?> running;

    private LeaderElection(CompletableFuture<?> running) {
        this.running = running;
    }

    /**
     * Campaigns for {@code namespace/name} as {@code identity}; {@code onStartedLeading} runs once
     * this one leads, {@code onStoppedLeading} when it lost the lease (the process should then stop
     * its controllers, as upstream exits).
     */
    public static LeaderElection start(KubernetesClient client, String namespace, String name, String identity, Timing timing,
            Runnable onStartedLeading, Runnable onStoppedLeading) {
        var config = new LeaderElectionConfigBuilder().withName(name)
                .withLock(new LeaseLock(namespace, name, identity))
                .withLeaseDuration(timing.leaseDuration()).withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod()).withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(() -> {
                    log.info("{} became leader of {}/{}", identity, namespace, name);
                    onStartedLeading.run();
                }, () -> {
                    log.info("{} stopped leading {}/{}", identity, namespace, name);
                    onStoppedLeading.run();
                }, leader -> {
                    if (leader != null && !leader.isEmpty()) log.info("New leader of {}/{}: {}", namespace, name, leader);
                }))
                .build();
        return new LeaderElection(client.leaderElector().withConfig(config).build().start());
    }

    /** Upstream's identity: the host name, an underscore, a random UUID. */
    public static String identity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + "_" + UUID.randomUUID();
    }

    /** Stops campaigning, releasing the lease if held so a standby takes over at once. */
    @Override
    public void close() {
        running.cancel(true);
    }
}
