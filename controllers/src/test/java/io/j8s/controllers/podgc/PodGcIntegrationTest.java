package io.j8s.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.controllers.ApiServerTestBase;
import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.controllers.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pod garbage collector against a real API server, on short timings. */
class PodGcIntegrationTest extends ApiServerTestBase {

    void pod(String name, String node, String phase) {
        Pod p = Fixtures.pod(name, Map.of("gc", "test"), null, phase, false, node);
        p.getMetadata().setUid(null);
        p.getMetadata().setResourceVersion(null);
        client.pods().inNamespace("default").resource(p).create();
        client.pods().inNamespace("default").withName(name).editStatus(x -> {
            x.getStatus().setPhase(phase);
            return x;
        });
    }

    @Test
    void podsOfAMissingNodeAndFinishedPodsOverTheThresholdGo() {
        pod("on-ghost", "ghost", "Running");
        pod("done-1", "", "Succeeded");
        pod("done-2", "", "Succeeded");
        startManager(ControllerManagerOptions.defaults().withControllers(List.of("podgc"))
                .withPodGc(new ControllerManagerOptions.PodGc(1, Duration.ofMillis(200), Duration.ofMillis(500))));
        await("the pod of a node that does not exist is deleted", () -> client.pods().inNamespace("default").withName("on-ghost").get() == null);
        awaitEquals("one finished pod is kept", 1, () -> client.pods().inNamespace("default").withLabel("gc", "test").list().getItems().size());
        assertThat(client.pods().inNamespace("default").withLabel("gc", "test").list().getItems().getFirst().getStatus().getPhase())
                .isEqualTo("Succeeded");
    }
}
