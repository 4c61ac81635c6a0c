package io.j8s.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InformersTest {

    /**
     * An API server that refuses the first lists (as a busy one at start does) must not leave the
     * informer stopped: it lists again until it has synced, as client-go's reflector would.
     */
    @Test
    void anInformerWhoseFirstListsFailKeepsTrying() throws Exception {
        AtomicInteger lists = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/configmaps", ex -> {
            if (ex.getRequestURI().getQuery() != null && ex.getRequestURI().getQuery().contains("watch=true")) {
                // Hold the watch open without events until the client goes away.
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, 0);
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
                return;
            }
            if (lists.incrementAndGet() <= 3) {
                reply(ex, 503, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"ServiceUnavailable\",\"code\":503}");
            } else {
                reply(ex, 200, "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[]}");
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
             Informers informers = new Informers(client)) {
            var informer = informers.of(ConfigMap.class);
            informers.start();
            long deadline = System.nanoTime() + 60_000_000_000L; // a safety net, not a timing
            while (!informer.hasSynced() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(informer.hasSynced()).isTrue();
            assertThat(informer.isRunning()).isTrue();
            assertThat(lists.get()).isGreaterThan(3);
        } finally {
            server.stop(0);
        }
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
