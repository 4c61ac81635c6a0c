package io.j8s.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.controllers.ApiServerTestBase;
import io.j8s.controllers.Fixtures;
import io.j8s.controllers.Kubectl;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Namespace deletion and default ServiceAccounts against a real API server. */
class NamespaceIntegrationTest extends ApiServerTestBase {

    @Test
    void aNewNamespaceGetsItsDefaultServiceAccountAndItsDeletionTakesEverythingWithIt() throws Exception {
        Kubectl.assumeInstalled();
        Kubectl kubectl = new Kubectl(server.kubeconfig());
        startManager("*");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("lab").endMetadata().build()).create();
        await("the default ServiceAccount", () -> client.serviceAccounts().inNamespace("lab").withName("default").get() != null);
        client.configMaps().inNamespace("lab").resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).create();
        var rs = Fixtures.replicaSet("web", 2, Map.of("app", "web"));
        rs.getMetadata().setNamespace("lab");
        rs.getMetadata().setUid(null);
        rs.getMetadata().setResourceVersion(null);
        client.apps().replicaSets().inNamespace("lab").resource(rs).create();
        awaitEquals("pods", 2, () -> client.pods().inNamespace("lab").list().getItems().size());
        var run = kubectl.run("delete", "namespace", "lab", "--wait=true", "--timeout=60s");
        assertThat(run.code()).as(run.out()).isZero();
        assertThat(client.namespaces().withName("lab").get()).isNull();
        assertThat(kubectl.run("-n", "lab", "get", "configmap", "c").out()).contains("not found");
    }

    @Test
    void whileAPodLingersTheNamespaceSaysWhatRemains() {
        startManager("namespace", "serviceaccount");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("lab").endMetadata().build()).create();
        // Bound to a node, with no kubelet to confirm: it stays Terminating until forced.
        Pod pod = Fixtures.pod("stuck", Map.of(), null, "Running", true, "node-1");
        pod.getMetadata().setNamespace("lab");
        pod.getMetadata().setUid(null);
        pod.getMetadata().setResourceVersion(null);
        client.pods().inNamespace("lab").resource(pod).create();
        client.namespaces().withName("lab").delete();
        await("the condition NamespaceContentRemaining", () -> {
            Namespace ns = client.namespaces().withName("lab").get();
            return ns.getStatus().getConditions() != null && ns.getStatus().getConditions().stream().anyMatch(c ->
                    c.getType().equals("NamespaceContentRemaining") && c.getStatus().equals("True")
                    && c.getMessage().equals("Some resources are remaining: pods has 1 resource instances"));
        });
        assertThat(client.namespaces().withName("lab").get().getStatus().getPhase()).isEqualTo("Terminating");
        client.pods().inNamespace("lab").withName("stuck").withGracePeriod(0).delete();
        await("the namespace goes", () -> client.namespaces().withName("lab").get() == null);
    }
}
