package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The objects the API server writes at start: the kubernetes Service, its Endpoints and EndpointSlice, kube-dns. */
class SystemObjectsTest {

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A server that says pods reach it at {@code advertise}:{@code port}, with its Services in {@code range}. */
    static TestServer server(String advertise, int port, String range) throws Exception {
        return new TestServer(TestServer.realParts(), c -> new ApiServer.Config(c.bindAddress(), port, advertise, c.bookmarkInterval(),
                c.watchCacheCapacity(), c.watchBacklog(), c.eventTtl(), c.compactionInterval(), c.clock(), c.streamTimeouts(),
                new ApiServer.ServiceNetwork(range, "30000-32767", Duration.ZERO)));
    }

    @Test
    void theKubernetesServiceHasEndpointsAndAnEndpointSliceAsUpstreams() throws Exception {
        int port = freePort();
        try (TestServer s = server("10.250.0.1", port, "10.43.0.0/16"); KubernetesClient client = Fabric8EndToEndTest.client(s)) {
            Service svc = client.services().inNamespace("default").withName("kubernetes").get();
            assertThat(svc.getSpec().getClusterIP()).isEqualTo("10.43.0.1");
            assertThat(svc.getSpec().getPorts().get(0).getPort()).isEqualTo(443);
            assertThat(client.services().inNamespace("kube-system").withName("kube-dns").get().getSpec().getClusterIP())
                    .isEqualTo("10.43.0.10");

            Endpoints ep = client.endpoints().inNamespace("default").withName("kubernetes").get();
            assertThat(ep.getMetadata().getLabels()).isEqualTo(Map.of("endpointslice.kubernetes.io/skip-mirror", "true"));
            assertThat(ep.getSubsets().get(0).getAddresses().get(0).getIp()).isEqualTo("10.250.0.1");
            assertThat(ep.getSubsets().get(0).getPorts().get(0).getPort()).isEqualTo(port);

            EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace("default").withName("kubernetes").get();
            assertThat(slice.getMetadata().getLabels()).isEqualTo(Map.of("kubernetes.io/service-name", "kubernetes"));
            assertThat(slice.getAddressType()).isEqualTo("IPv4");
            assertThat(slice.getEndpoints()).hasSize(1);
            assertThat(slice.getEndpoints().get(0).getAddresses()).containsExactly("10.250.0.1");
            assertThat(slice.getEndpoints().get(0).getConditions().getReady()).isTrue();
            assertThat(slice.getPorts().get(0).getName()).isEqualTo("https");
            assertThat(slice.getPorts().get(0).getPort()).isEqualTo(port);
            assertThat(slice.getPorts().get(0).getProtocol()).isEqualTo("TCP");
        }
    }

    @Test
    void aNewAdvertiseAddressIsPublishedAfterARestart() throws Exception {
        int port = freePort();
        TestServer first = server("10.250.0.1", port, "10.96.0.0/12");
        first.server.close();
        // Same store, new address.
        try (TestServer again = restartAs(first, "10.250.0.2", port); KubernetesClient client = Fabric8EndToEndTest.client(again)) {
            assertThat(client.endpoints().inNamespace("default").withName("kubernetes").get().getSubsets().get(0).getAddresses().get(0)
                    .getIp()).isEqualTo("10.250.0.2");
            assertThat(client.discovery().v1().endpointSlices().inNamespace("default").withName("kubernetes").get().getEndpoints().get(0)
                    .getAddresses()).containsExactly("10.250.0.2");
        }
    }

    private static TestServer restartAs(TestServer old, String advertise, int port) throws Exception {
        return old.restartWith(c -> new ApiServer.Config(c.bindAddress(), port, advertise, c.bookmarkInterval(), c.watchCacheCapacity(),
                c.watchBacklog(), c.eventTtl(), c.compactionInterval(), c.clock(), c.streamTimeouts(), c.services()));
    }
}
