package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.Json;
import io.j8s.api.defaults.DefaultsConfig;
import io.j8s.apiserver.auth.AlwaysAllowAuthenticated;
import io.j8s.apiserver.auth.AuthenticationFilter;
import io.j8s.apiserver.auth.AuthorizationFilter;
import io.j8s.apiserver.auth.TokenAuthenticator;
import io.j8s.apiserver.auth.UserInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Watches over WebSocket, as fabric8 (and so every j8s controller) opens them: the upgrade, the
 * messages, the close in both directions, informers, and the filters in front of it all.
 */
class WatchOverWebSocketTest {

    static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    TestServer server;
    KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(TestServer.realParts());
        client = Fabric8EndToEndTest.client(server);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static ConfigMap cm(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", value).build();
    }

    // ---- the handshake ----

    /** @param want 101 when upgraded, else the HTTP status the handshake got */
    record Case(String name, String pathQuery, List<String> subprotocols, int want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> handshakes() {
        return List.of(
                new Case("a watch is upgraded", CONFIGMAPS + "?watch=true", List.of(), 101),
                new Case("watch=1 is a watch too", CONFIGMAPS + "?watch=1", List.of(), 101),
                new Case("a cluster-wide watch", "/api/v1/configmaps?watch=true", List.of(), 101),
                new Case("a watch in a group", "/apis/apps/v1/namespaces/default/deployments?watch=true", List.of(), 101),
                new Case("a subprotocol is not refused", CONFIGMAPS + "?watch=true", List.of("base64.channel.k8s.io"), 101),
                new Case("a list goes on to the API handler", CONFIGMAPS, List.of(), 200),
                new Case("watch=false is a list", CONFIGMAPS + "?watch=false", List.of(), 200),
                new Case("discovery goes on to the API handler", "/api/v1", List.of(), 200),
                new Case("a named object is a get, not a watch", CONFIGMAPS + "/missing?watch=true", List.of(), 404),
                new Case("an unknown resource is refused before the upgrade", "/api/v1/namespaces/default/frobs?watch=true",
                        List.of(), 404),
                new Case("a bad resourceVersion is refused before the upgrade",
                        CONFIGMAPS + "?watch=true&resourceVersion=abc", List.of(), 400));
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void onlyWatchesAreUpgraded(Case c) {
        Recorder r = new Recorder();
        assertThat(handshake(open(server.url(), c.pathQuery(), Map.of(), c.subprotocols(), r))).isEqualTo(c.want());
    }

    // ---- what is sent ----

    @Test
    void eachEventIsOneTextMessageHoldingTheJsonEvent() throws Exception {
        client.configMaps().resource(cm("m", "1")).create();
        Recorder r = new Recorder();
        WebSocket ws = open(server.url(), CONFIGMAPS + "?watch=true", Map.of(), List.of(), r).join();
        r.await(1);
        client.configMaps().resource(cm("n", "1")).create();
        client.configMaps().resource(cm("n", "2")).update();
        client.configMaps().withName("n").delete();
        r.await(4);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "");

        assertThat(r.binary.get()).isZero();
        List<String> seen = new ArrayList<>();
        for (String m : r.texts) {
            assertThat(m).endsWith("\n");
            JsonNode event = Json.MAPPER.readTree(m);
            seen.add(event.path("type").asText() + ":" + event.path("object").path("metadata").path("name").asText()
                    + ":" + event.path("object").path("data").path("v").asText());
            assertThat(event.path("object").path("kind").asText()).isEqualTo("ConfigMap");
        }
        assertThat(seen).containsExactly("ADDED:m:1", "ADDED:n:1", "MODIFIED:n:2", "DELETED:n:2");
    }

    @Test
    void theWatchEndsWithANormalCloseAtItsTimeout() throws Exception {
        Recorder r = new Recorder();
        open(server.url(), CONFIGMAPS + "?watch=true&timeoutSeconds=1", Map.of(), List.of(), r).join();
        assertThat(r.closed.get(20, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        Poll.until(() -> server.server.openWatches() == 0);
    }

    @Test
    void aCompactedResourceVersionIsAnErrorEventThenANormalClose() throws Exception {
        String rv = client.configMaps().resource(cm("c", "1")).create().getMetadata().getResourceVersion();
        client.configMaps().resource(cm("c", "2")).update();
        server.store.compact(server.store.currentRevision());
        client.close();
        server.server.close();
        server = server.restart();
        client = Fabric8EndToEndTest.client(server);

        Recorder r = new Recorder();
        open(server.url(), CONFIGMAPS + "?watch=true&resourceVersion=" + rv, Map.of(), List.of(), r).join();
        assertThat(r.closed.get(20, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(r.texts).hasSize(1);
        JsonNode event = Json.MAPPER.readTree(r.texts.get(0));
        assertThat(event.path("type").asText()).isEqualTo("ERROR");
        assertThat(event.path("object").path("kind").asText()).isEqualTo("Status");
        assertThat(event.path("object").path("code").asInt()).isEqualTo(410);
        assertThat(event.path("object").path("reason").asText()).isEqualTo("Expired");
    }

    // ---- fabric8 ----

    @Test
    void closingTheClientsWatchFreesTheServersSubscription() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        var watch = client.configMaps().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.add(action + ":" + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        Poll.until(() -> server.server.openWatches() == 1);
        client.configMaps().resource(cm("f", "1")).create();
        Poll.until(() -> seen.contains("ADDED:f"));

        watch.close();
        Poll.until(() -> server.server.openWatches() == 0);
    }

    @Test
    void anInformerSeesAddsUpdatesAndDeletes() throws Exception {
        client.configMaps().resource(cm("before", "1")).create();
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap c) {
                seen.add("add:" + c.getMetadata().getName() + ":" + c.getData().get("v"));
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                seen.add("update:" + after.getMetadata().getName() + ":" + after.getData().get("v"));
            }

            @Override
            public void onDelete(ConfigMap c, boolean finalStateUnknown) {
                seen.add("delete:" + c.getMetadata().getName() + (finalStateUnknown ? ":unknown" : ""));
            }
        });
        try {
            assertThat(informer.hasSynced()).isTrue();
            client.configMaps().resource(cm("i", "1")).create();
            client.configMaps().resource(cm("i", "2")).update();
            client.configMaps().withName("i").delete();
            Poll.until(() -> seen.contains("delete:i"));
            assertThat(seen).containsExactly("add:before:1", "add:i:1", "update:i:2", "delete:i");
            assertThat(informer.getStore().listKeys()).containsExactly("default/before");
            assertThat(informer.isWatching()).isTrue();
        } finally {
            informer.close();
        }
        Poll.until(() -> server.server.openWatches() == 0);
    }

    // ---- in front of it ----

    static final String TOKEN = "watcher-token";

    static List<Object[]> credentials() {
        return List.<Object[]>of(
                new Object[] {"no credential", Map.of(), 401},
                new Object[] {"a wrong token", Map.of("Authorization", "Bearer nope"), 401},
                new Object[] {"the token", Map.of("Authorization", "Bearer " + TOKEN), 101});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentials")
    void anUpgradeGoesThroughTheAuthFilters(String name, Map<String, String> headers, int want) throws Exception {
        ApiServer.Parts real = TestServer.realParts();
        ApiServer.Parts guarded = new ApiServer.Parts(real.rules(), real.hooks(), real.listener(),
                api -> new AuthenticationFilter(new TokenAuthenticator(Map.of(TOKEN, UserInfo.authenticated("w", List.of(), ""))),
                        new AuthorizationFilter(new AlwaysAllowAuthenticated(), Secure::attributes, api)), real.kubeletClient());
        try (TestServer s = new TestServer(guarded)) {
            assertThat(handshake(open(s.url(), CONFIGMAPS + "?watch=true", headers, List.of(), new Recorder()))).isEqualTo(want);
        }
    }

    @Test
    void aWatchOverTlsPassesTheProductionFilters(@TempDir Path dir) throws Exception {
        Secure secure = Secure.prepare(dir, "127.0.0.1", 0);
        ApiServer.Parts parts = new ApiServer.Parts(Builtins.rules(DefaultsConfig.UPSTREAM), Builtins.hooks(Clock.systemUTC()),
                secure.listener("127.0.0.1", 0), secure.filters(), secure.kubeletClientContext());
        try (TestServer s = new TestServer(parts)) {
            Config config = Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig")));
            config.setMasterUrl("https://127.0.0.1:" + s.server.port());
            config.setNamespace("default");
            try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(config).build()) {
                List<String> seen = new CopyOnWriteArrayList<>();
                try (var w = admin.configMaps().watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                        seen.add(action + ":" + resource.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
                    admin.configMaps().resource(cm("t", "1")).create();
                    Poll.until(() -> seen.contains("ADDED:t"));
                    assertThat(s.server.openWatches()).isEqualTo(1);
                }
            }
        }
    }

    // ---- a raw WebSocket client: the JDK's ----

    static CompletableFuture<WebSocket> open(String baseUrl, String pathQuery, Map<String, String> headers,
                                             List<String> subprotocols, Recorder recorder) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        if (!subprotocols.isEmpty()) {
            b.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        return b.buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + pathQuery), recorder);
    }

    /** 101 if the handshake succeeded, else the status the server answered it with. */
    static int handshake(CompletableFuture<WebSocket> opening) {
        try {
            opening.join().sendClose(WebSocket.NORMAL_CLOSURE, "");
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) return h.getResponse().statusCode();
            throw e;
        }
    }

    /** Collects whole text messages (a message may arrive in parts), counts binary ones, and the close code. */
    static final class Recorder implements WebSocket.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final AtomicInteger binary = new AtomicInteger();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                texts.add(part.toString());
                part = new StringBuilder();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (last) binary.incrementAndGet();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        void await(int messages) throws InterruptedException {
            Poll.until(() -> texts.size() >= messages);
        }
    }
}
