package io.j8s.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.MetricsProvider;
import io.j8s.controllers.runtime.RateLimiter;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.util.function.Function;

/**
 * What a controller is built from (upstream's {@code ControllerContext}): the client, the shared
 * informers, the options, the clock, an event recorder per Event source, and where work queues
 * report their metrics.
 */
public record ControllerContext(KubernetesClient client, Informers informers, ControllerManagerOptions options,
        Function<String, EventRecorder> recorders, MetricsProvider metrics) {

    /** A context whose queues report no metrics (tests). */
    public ControllerContext(KubernetesClient client, Informers informers, ControllerManagerOptions options,
            Function<String, EventRecorder> recorders) {
        this(client, informers, options, recorders, MetricsProvider.NONE);
    }

    public Clock clock() {
        return options.clock();
    }

    public EventRecorder recorder(String component) {
        return recorders.apply(component);
    }

    /**
     * A work queue with client-go's default controller rate limiter, reporting the
     * {@code workqueue_*} metrics as {@code name}: upstream's queue name, which is what
     * dashboards select on ({@code replicaset}, {@code garbage_collector_attempt_to_delete}, …).
     */
    public WorkQueue workQueue(String name) {
        return new WorkQueue(name, clock(), RateLimiter.defaultControllerRateLimiter(clock()), metrics);
    }
}
