package io.j8s.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DescriptorsTest {

    @Test
    void everyControllerIsKnownByUpstreamsNames() {
        assertThat(Descriptors.names()).containsExactly("replicaset", "deployment", "daemonset", "garbagecollector", "namespace",
                "serviceaccount", "nodelifecycle", "podgc", "nodeipam", "job", "cronjob", "statefulset", "endpoint", "endpointslice",
                "endpointslicemirroring");
    }

    @Test
    void upstreamsCanonicalNamesAreAliases() {
        var options = ControllerManagerOptions.defaults()
                .withControllers(Descriptors.canonical(List.of("*", "-garbage-collector-controller", "-node-lifecycle-controller")));
        assertThat(options.enabled("garbagecollector", true)).isFalse();
        assertThat(options.enabled("nodelifecycle", true)).isFalse();
        assertThat(options.enabled("deployment", true)).isTrue();
        assertThat(Descriptors.canonical(List.of("replicaset-controller", "-pod-garbage-collector-controller")))
                .containsExactly("replicaset", "-podgc");
        assertThat(Descriptors.canonical(List.of("-endpoints-controller", "endpointslice-controller", "endpointslice-mirroring-controller")))
                .containsExactly("-endpoint", "endpointslice", "endpointslicemirroring");
    }

    @Test
    void workerCountsAreByControllerWithTheCommonOneElse() {
        var options = ControllerManagerOptions.defaults().withConcurrentSyncs(java.util.Map.of("garbagecollector", 20));
        assertThat(options.concurrentSyncs("garbagecollector")).isEqualTo(20);
        assertThat(options.concurrentSyncs("deployment")).isEqualTo(5);
    }
}
