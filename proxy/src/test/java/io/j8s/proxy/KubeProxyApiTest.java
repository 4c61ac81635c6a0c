package io.j8s.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.j8s.apiserver.TestServer;
import io.j8s.proxy.Fixtures.Ep;
import io.j8s.proxy.Fixtures.Port;
import io.j8s.proxy.Fixtures.SlicePort;
import io.j8s.proxy.nftables.Nft;
import io.j8s.proxy.tracker.ServicePortName;
import io.j8s.proxy.userspace.UserspaceProxier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** kube-proxy as an API client of a real API server on loopback. */
class KubeProxyApiTest {

    TestServer server;
    KubernetesClient client;
    SharedInformerFactory informers;
    KubeProxy proxy;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        informers = client.informers();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        if (proxy != null) proxy.close();
        informers.stopAllRegisteredInformers();
        client.close();
        server.close();
    }

    static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    EndpointSlice createEndpoints(String service, int port, String ip) {
        EndpointSlice s = Fixtures.slice("default", service, service + "-1", List.of(new SlicePort("", port, "TCP")),
                List.of(Ep.ready(ip, "node-1")), Instant.now().toString());
        return client.resource(s).create();
    }

    @Test
    void userspaceModeForwardsAServiceAndReportsHealthMetricsAndTheModeOnTheNode() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!backend.isClosed()) {
                    try (Socket c = backend.accept()) {
                        c.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            ProxyConfig config = ProxyConfig.defaults("node-1", "127.0.0.1").withMode(ProxyConfig.USERSPACE)
                    .withBindAddresses("127.0.0.1:-1", "127.0.0.1:-1").withSyncPeriods(Duration.ofMillis(50), Duration.ofSeconds(30));
            proxy = KubeProxy.start(client, informers, config);
            assertEquals("userspace", proxy.mode());
            client.resource(Fixtures.service("default", "web", "ClusterIP", "10.96.0.50", Port.tcp("", 80, 8080)).build()).create();
            createEndpoints("web", backend.getLocalPort(), "127.0.0.1");

            var userspace = (UserspaceProxier) proxy.proxier();
            var name = new ServicePortName("default", "web", "", "TCP");
            await("the forwarder", () -> !userspace.endpointsOf(name).isEmpty());
            InetSocketAddress at = userspace.clusterAddress(name).orElseThrow();
            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                assertEquals("hello", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }

            assertEquals("userspace", client.nodes().withName("node-1").get().getMetadata().getAnnotations()
                    .get(ProxyConfig.MODE_ANNOTATION));
            var health = get("http://127.0.0.1:" + proxy.serverPort(0) + "/healthz");
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"lastUpdated\""), health.body());
            String metrics = get("http://127.0.0.1:" + proxy.serverPort(1) + "/metrics").body();
            for (String m : List.of("kubeproxy_sync_proxy_rules_duration_seconds_count", "kubeproxy_sync_proxy_rules_last_timestamp_seconds",
                    "kubeproxy_network_programming_duration_seconds_count", "kubeproxy_sync_proxy_rules_endpoint_changes_total")) {
                assertTrue(metrics.contains(m), m + " in\n" + metrics);
            }
        }
    }

    @Test
    void nftablesModeProgramsServicesFromTheApiInsideANetworkNamespace() throws Exception {
        assumeTrue(io.j8s.proxy.nftables.NftCheckAccess.usable(), "needs root with nft and ip");
        String ns = "j8sp-api-" + ProcessHandle.current().pid() % 100000;
        assertEquals(0, new ProcessBuilder("ip", "netns", "add", ns).start().waitFor());
        try {
            List<String> prefix = List.of("ip", "netns", "exec", ns);
            ProxyConfig config = ProxyConfig.defaults("node-1", "127.0.0.1").withNft("j8s-proxy", prefix)
                    .withBindAddresses("127.0.0.1:0", "127.0.0.1:0").withSyncPeriods(Duration.ofMillis(50), Duration.ofSeconds(30));
            proxy = KubeProxy.start(client, informers, config);
            assertEquals("nftables", proxy.mode());
            client.resource(Fixtures.service("default", "web", "ClusterIP", "10.96.0.50", Port.tcp("", 80, 8080)).build()).create();
            client.resource(Fixtures.service("default", "none", "ClusterIP", "10.96.0.51", Port.tcp("", 80, 8080)).build()).create();
            createEndpoints("web", 8080, "10.244.1.5");
            await("the rules", () -> Nft.list(prefix, "j8s-proxy").contains("dnat to 10.244.1.5:8080")
                    && Nft.list(prefix, "j8s-proxy").contains("10.96.0.51 . tcp . 80 : goto reject-chain"));

            client.resource(Fixtures.service("default", "web", "ClusterIP", "10.96.0.50", Port.tcp("", 80, 8080)).build()).delete();
            await("the service's removal", () -> !Nft.list(prefix, "j8s-proxy").contains("10.244.1.5"));
            proxy.close();
            proxy = null;
            assertTrue(KubeProxy.cleanup(config));
            assertTrue(!Nft.list(prefix, "j8s-proxy").contains("j8s-proxy {"), "--cleanup removes the table");
        } finally {
            new ProcessBuilder("ip", "netns", "del", ns).start().waitFor();
        }
    }
}
