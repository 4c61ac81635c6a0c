package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** pods/binding, as the scheduler uses it: sets spec.nodeName and PodScheduled=True, once. */
class PodBindingTest {

    TestServer server;
    KubernetesClient client;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        client = Fabric8EndToEndTest.client(server);
        client.pods().resource(new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().addNewContainer()
                .withName("main").withImage("busybox").endContainer().endSpec().build()).create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private HttpResponse<String> bind(String node) throws Exception {
        String body = """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"web"},"target":{"apiVersion":"v1","kind":"Node","name":"%s"}}
                """.formatted(node);
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/default/pods/web/binding"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBindingSetsTheNodeAndThePodScheduledCondition() throws Exception {
        assertThat(bind("node-1").statusCode()).isEqualTo(201);
        Pod p = client.pods().withName("web").get();
        assertThat(p.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(p.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getStatus)
                .contains(org.assertj.core.groups.Tuple.tuple("PodScheduled", "True"));
    }

    @Test
    void aBoundPodCannotBeBoundAgain() throws Exception {
        assertThat(bind("node-1").statusCode()).isEqualTo(201);
        HttpResponse<String> again = bind("node-2");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("pod web is already assigned to node \\\"node-1\\\"");
        assertThat(client.pods().withName("web").get().getSpec().getNodeName()).isEqualTo("node-1");
    }
}
