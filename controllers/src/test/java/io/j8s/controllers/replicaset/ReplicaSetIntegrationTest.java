package io.j8s.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.j8s.controllers.ApiServerTestBase;
import io.j8s.controllers.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ReplicaSet controller against a real API server. */
class ReplicaSetIntegrationTest extends ApiServerTestBase {

    static final Map<String, String> APP = Map.of("app", "web");

    @Test
    void keepsTheReplicasReplacesADeletedPodAndReportsReadiness() {
        startManager("replicaset");
        ReplicaSet rs = Fixtures.replicaSet("web", 3, APP);
        rs.getMetadata().setUid(null);
        rs.getMetadata().setResourceVersion(null);
        rs.getMetadata().setGeneration(null);
        client.apps().replicaSets().inNamespace("default").resource(rs).create();
        awaitEquals("3 pods", 3, () -> livePods("default", APP).size());
        Pod first = livePods("default", APP).getFirst();
        assertThat(first.getMetadata().getName()).startsWith("web-");
        assertThat(first.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getKind() + " " + r.getName() + " " + r.getController() + " " + r.getBlockOwnerDeletion())
                        .isEqualTo("ReplicaSet web true true"));
        makeAllReady("default", APP);
        awaitEquals("3 ready", 3, () -> ready(client.apps().replicaSets().inNamespace("default").withName("web").get()));
        client.pods().inNamespace("default").resource(first).delete();
        await("a replacement", () -> livePods("default", APP).size() == 3
                && livePods("default", APP).stream().noneMatch(p -> p.getMetadata().getName().equals(first.getMetadata().getName())));
        ReplicaSet got = client.apps().replicaSets().inNamespace("default").withName("web").get();
        assertThat(got.getStatus().getObservedGeneration()).isEqualTo(1L);
        await("SuccessfulCreate events", () -> client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "SuccessfulCreate".equals(e.getReason()) && e.getMessage().startsWith("Created pod: web-")));
        client.apps().replicaSets().inNamespace("default").withName("web").scale(1);
        awaitEquals("scaled down to 1", 1, () -> livePods("default", APP).size());
        await("SuccessfulDelete events", () -> client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "SuccessfulDelete".equals(e.getReason())));
    }

    @Test
    void adoptsAnOrphanThatMatches() {
        client.pods().inNamespace("default").resource(Fixtures.pod("orphan", APP, null, "Pending", false, "")).create();
        startManager("replicaset");
        ReplicaSet rs = Fixtures.replicaSet("web", 1, APP);
        rs.getMetadata().setUid(null);
        rs.getMetadata().setResourceVersion(null);
        client.apps().replicaSets().inNamespace("default").resource(rs).create();
        await("the orphan adopted", () -> {
            Pod p = client.pods().inNamespace("default").withName("orphan").get();
            return p.getMetadata().getOwnerReferences() != null && !p.getMetadata().getOwnerReferences().isEmpty();
        });
        assertThat(livePods("default", APP)).hasSize(1);
    }

    static int ready(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
    }
}
