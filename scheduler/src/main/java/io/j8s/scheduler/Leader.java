package io.j8s.scheduler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.j8s.scheduler.config.LeaderElection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Lease with fabric8's LeaderElector (client-go's algorithm): acquire,
 * renew every retry period, give up after the renew deadline. Upstream's kube-scheduler exits
 * when it loses the lease; in j8s the scheduler may share its process, so it stops scheduling
 * and stands for election again instead. The lease is released on close.
 */
final class Leader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leader.class);

    private final KubernetesClient client;
    private final LeaderElection config;
    private final String identity;
    private final Runnable onStart;
    private final Runnable onStop;
    private final Consumer<Boolean> status;
    private CompletableFuture<?> running;
    private boolean closed;

    Leader(KubernetesClient client, LeaderElection config, String identity, Runnable onStart, Runnable onStop, Consumer<Boolean> status) {
        this.client = client;
        this.config = config;
        this.identity = identity;
        this.onStart = onStart;
        this.onStop = onStop;
        this.status = status;
    }

    synchronized void start() {
        if (closed) return;
        status.accept(false);
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(config.resourceName())
                .withLock(new LeaseLock(config.resourceNamespace(), config.resourceName(), identity))
                .withLeaseDuration(config.leaseDuration())
                .withRenewDeadline(config.renewDeadline())
                .withRetryPeriod(config.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> {
                            log.info("Successfully acquired lease {}/{} as {}", config.resourceNamespace(), config.resourceName(), identity);
                            status.accept(true);
                            onStart.run();
                        },
                        () -> {
                            status.accept(false);
                            onStop.run();
                        },
                        newLeader -> log.info("New leader elected: {}", newLeader)))
                .build()).build();
        running = elector.start();
        running.whenComplete((v, e) -> standAgain());
    }

    /** The election ended (leadership lost, or an error): stand again unless closing. */
    private void standAgain() {
        synchronized (this) {
            if (closed) return;
        }
        log.info("Leader election for {}/{} ended; standing again", config.resourceNamespace(), config.resourceName());
        start();
    }

    @Override
    public void close() {
        CompletableFuture<?> r;
        synchronized (this) {
            closed = true;
            r = running;
        }
        if (r != null) r.cancel(true);
    }
}
