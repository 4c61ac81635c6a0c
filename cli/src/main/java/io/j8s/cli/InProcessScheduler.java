package io.j8s.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.scheduler.Scheduler;
import io.j8s.scheduler.SchedulerOptions;
import java.net.BindException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler {@code j8s server} runs beside its API server: same process, but reaching the API
 * over HTTPS with the admin kubeconfig, as it would from another machine. With leader election
 * on, so a {@code j8s scheduler} elsewhere can stand by.
 */
final class InProcessScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InProcessScheduler.class);

    private final KubernetesClient client;
    private final Scheduler scheduler;

    private InProcessScheduler(KubernetesClient client, Scheduler scheduler) {
        this.client = client;
        this.scheduler = scheduler;
    }

    static InProcessScheduler start(Path kubeconfig, String bindAddress) throws Exception {
        KubernetesClient client = SchedulerCommand.client(kubeconfig);
        Scheduler s = new Scheduler(client, SchedulerOptions.defaults().withServing(bindAddress, SchedulerOptions.DEFAULT_SECURE_PORT));
        try {
            s.start();
        } catch (BindException e) {
            // Another scheduler (or anything) holds the port: schedule anyway, without /metrics.
            log.warn("Scheduler metrics not served: port {} on {} is taken ({})", SchedulerOptions.DEFAULT_SECURE_PORT, bindAddress, e.getMessage());
            s.close();
            s = new Scheduler(client, SchedulerOptions.defaults());
            s.start();
        }
        return new InProcessScheduler(client, s);
    }

    @Override
    public void close() {
        scheduler.close();
        client.close();
    }
}
