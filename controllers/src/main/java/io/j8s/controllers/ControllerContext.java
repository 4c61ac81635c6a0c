package io.j8s.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.runtime.EventRecorder;
import java.time.Clock;
import java.util.function.Function;

/**
 * What a controller is built from (upstream's {@code ControllerContext}): the client, the shared
 * informers, the options, the clock, and an event recorder per Event source.
 */
public record ControllerContext(KubernetesClient client, Informers informers, ControllerManagerOptions options,
        Function<String, EventRecorder> recorders) {

    public Clock clock() {
        return options.clock();
    }

    public EventRecorder recorder(String component) {
        return recorders.apply(component);
    }
}
