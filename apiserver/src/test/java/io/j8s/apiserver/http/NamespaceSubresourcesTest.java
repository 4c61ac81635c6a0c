package io.j8s.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.j8s.apiserver.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** namespaces/{name}/status and /finalize name the namespace itself, not a namespaced resource "status". */
class NamespaceSubresourcesTest {

    @Test
    void theNamespaceControllerCanWriteStatusAndFinalize() throws Exception {
        try (TestServer server = TestServer.start();
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                     .withMasterUrl(server.url()).withRequestRetryBackoffLimit(0).build()).build()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("lab").endMetadata().build()).create();
            client.namespaces().withName("lab").delete();
            var ns = client.namespaces().withName("lab").get();
            assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
            assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating");
            ns.getStatus().setConditions(List.of(new NamespaceConditionBuilder().withType("NamespaceContentRemaining").withStatus("False")
                    .withReason("ContentRemoved").withMessage("All content successfully removed").build()));
            var updated = client.namespaces().resource(ns).updateStatus();
            assertThat(updated.getStatus().getConditions()).hasSize(1);
            updated.getSpec().setFinalizers(List.of());
            client.namespaces().resource(updated).subresource("finalize").update();
            assertThat(client.namespaces().withName("lab").get()).isNull();
        }
    }
}
