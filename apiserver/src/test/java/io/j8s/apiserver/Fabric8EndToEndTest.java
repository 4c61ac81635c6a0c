package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fabric8 client, as every j8s component will use it, against the API server. */
class Fabric8EndToEndTest {

    TestServer server;
    KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(TestServer.realParts());
        client = client(server);
    }

    static KubernetesClient client(TestServer s) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(s.url()).withNamespace("default")
                .withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static ConfigMap cm(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", value).build();
    }

    @Test
    void createReadUpdateDelete() {
        ConfigMap created = client.configMaps().resource(cm("a", "1")).create();
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotEmpty();

        ConfigMap read = client.configMaps().withName("a").get();
        assertThat(read.getData()).containsEntry("v", "1");

        read.getData().put("v", "2");
        ConfigMap updated = client.configMaps().resource(read).update();
        assertThat(updated.getMetadata().getResourceVersion()).isNotEqualTo(read.getMetadata().getResourceVersion());
        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        assertThat(client.configMaps().withName("a").delete()).hasSize(1);
        assertThat(client.configMaps().withName("a").get()).isNull();
    }

    @Test
    void aStaleUpdateIsAConflict() {
        ConfigMap created = client.configMaps().resource(cm("a", "1")).create();
        client.configMaps().resource(cm("a", "2")).update();
        created.getData().put("v", "3");
        assertThatThrownBy(() -> client.configMaps().resource(created).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                });
    }

    @Test
    void fiftyWritersLoseNoUpdate() throws Exception {
        client.configMaps().resource(cm("counter", "0")).create();
        int writers = 50;
        int each = 4;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    while (true) {
                        ConfigMap c = client.configMaps().withName("counter").get();
                        c.getData().put("v", Integer.toString(Integer.parseInt(c.getData().get("v")) + 1));
                        try {
                            client.configMaps().resource(c).update();
                            break;
                        } catch (KubernetesClientException e) {
                            if (e.getCode() != 409) throw e;
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();
        assertThat(client.configMaps().withName("counter").get().getData().get("v")).isEqualTo(Integer.toString(writers * each));
        assertThat(conflicts.get()).as("concurrent writers must have collided").isPositive();
    }

    @Test
    void listsPageWithLimitAndContinue() {
        for (int i = 0; i < 25; i++) client.configMaps().resource(cm(String.format("p%02d", i), "x")).create();
        List<String> names = new ArrayList<>();
        String cont = null;
        int pages = 0;
        do {
            ConfigMapList page = client.configMaps().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                    .withLimit(10L).withContinue(cont).build());
            page.getItems().forEach(c -> names.add(c.getMetadata().getName()));
            cont = page.getMetadata().getContinue();
            if (cont != null) assertThat(page.getMetadata().getRemainingItemCount()).isPositive();
            pages++;
        } while (cont != null && !cont.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(names).hasSize(25).isSorted();
    }

    @Test
    void aWatchResumesFromItsResourceVersionAfterTheServerRestarts() throws Exception {
        ConfigMap first = client.configMaps().resource(cm("w", "1")).create();
        String rv = first.getMetadata().getResourceVersion();
        client.configMaps().resource(cm("w", "2")).update();

        // Restart the server on the same store: the watch cache is rebuilt from the store.
        client.close();
        server.server.close();
        server = server.restart();
        client = client(server);
        client.configMaps().resource(cm("w", "3")).update();

        List<String> seen = new CopyOnWriteArrayList<>();
        try (var w = client.configMaps().withResourceVersion(rv).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.add(action + ":" + resource.getData().get("v"));
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            Poll.until(() -> seen.size() >= 2);
        }
        assertThat(seen).contains("MODIFIED:3");
    }

    @Test
    void aWatchWithoutResourceVersionStartsWithTheCurrentObjects() throws Exception {
        client.configMaps().resource(cm("x", "1")).create();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var w = client.configMaps().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.add(action + ":" + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            Poll.until(() -> seen.contains("ADDED:x"));
            client.configMaps().withName("x").delete();
            Poll.until(() -> seen.contains("DELETED:x"));
        }
        assertThat(seen).startsWith("ADDED:x");
    }

    @Test
    void aSelectiveWatchSeesObjectsEnterAndLeaveItsSelection() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var w = client.configMaps().withLabel("tier", "web").withResourceVersion(
                client.configMaps().list().getMetadata().getResourceVersion()).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.add(action + ":" + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            ConfigMap other = cm("other", "1");
            other.getMetadata().setLabels(Map.of("tier", "db"));
            client.configMaps().resource(other).create();
            client.configMaps().withName("other").edit(c -> { c.getData().put("v", "2"); return c; });
            client.configMaps().withName("other").edit(c -> { c.getMetadata().getLabels().put("tier", "web"); return c; });
            client.configMaps().withName("other").edit(c -> { c.getData().put("v", "3"); return c; });
            client.configMaps().withName("other").edit(c -> { c.getMetadata().getLabels().put("tier", "db"); return c; });
            client.configMaps().withName("other").delete();
            ConfigMap last = cm("last", "1");
            last.getMetadata().setLabels(Map.of("tier", "web"));
            client.configMaps().resource(last).create();
            Poll.until(() -> seen.contains("ADDED:last"));
        }
        assertThat(seen).containsExactly("ADDED:other", "MODIFIED:other", "DELETED:other", "ADDED:last");
    }

    @Test
    void aWatchOfOneNodesPodsSeesOnlyThem() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var w = client.pods().withField("spec.nodeName", "node-a").withResourceVersion(
                client.pods().list().getMetadata().getResourceVersion()).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, io.fabric8.kubernetes.api.model.Pod pod) {
                seen.add(action + ":" + pod.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            for (String[] p : new String[][] {{"b1", "node-b"}, {"a1", "node-a"}, {"b2", "node-b"}, {"a2", "node-a"}}) {
                client.pods().resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName(p[0])
                        .endMetadata().withNewSpec().withNodeName(p[1]).addNewContainer().withName("c").withImage("busybox")
                        .endContainer().endSpec().build()).create();
            }
            client.pods().withName("b1").withGracePeriod(0).delete();
            client.pods().withName("a1").withGracePeriod(0).delete();
            Poll.until(() -> seen.contains("DELETED:a1"));
        }
        assertThat(seen).containsExactly("ADDED:a1", "ADDED:a2", "DELETED:a1");
    }

    @Test
    void aWatchAnswersAtOnceBeforeAnyEvent() throws Exception {
        // client-go's reflector counts a watch as started when its response headers arrive; they
        // must not wait for the first event (kubectl wait stalled a minute on a quiet object).
        String rv = client.configMaps().list().getMetadata().getResourceVersion();
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                server.url() + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + rv))
                .timeout(java.time.Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try (var body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        }
    }

    @Test
    void creatingInAMissingNamespaceIsNotFound() {
        assertThatThrownBy(() -> client.configMaps().inNamespace("nowhere").resource(cm("a", "1")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void labelsAreStored() {
        ConfigMap c = cm("l", "1");
        c.getMetadata().setLabels(Map.of("tier", "backend"));
        client.configMaps().resource(c).create();
        assertThat(client.configMaps().withName("l").get().getMetadata().getLabels()).containsEntry("tier", "backend");
    }

    @Test
    void eventsK8sIoAndCoreEventsAreOneStorage() throws Exception {
        io.fabric8.kubernetes.api.model.events.v1.Event written = client.events().v1().events().resource(
                new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                        .withNewMetadata().withName("p.1").endMetadata()
                        .withEventTime(new io.fabric8.kubernetes.api.model.MicroTime("2026-11-23T01:00:00.000000Z"))
                        .withReportingController("default-scheduler").withReportingInstance("default-scheduler-x")
                        .withAction("Scheduling").withReason("Scheduled").withType("Normal")
                        .withNote("Successfully assigned default/p to node-1")
                        .withNewRegarding().withKind("Pod").withNamespace("default").withName("p").withUid("u1").endRegarding()
                        .build()).create();
        assertThat(written.getNote()).isEqualTo("Successfully assigned default/p to node-1");

        // What kubectl describe pod reads: core/v1 Events by involvedObject.
        List<io.fabric8.kubernetes.api.model.Event> core = client.v1().events()
                .withField("involvedObject.name", "p").list().getItems();
        assertThat(core).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Successfully assigned default/p to node-1");
            assertThat(e.getReportingComponent()).isEqualTo("default-scheduler");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo("u1");
            assertThat(e.getMetadata().getResourceVersion()).isEqualTo(written.getMetadata().getResourceVersion());
        });

        // And back: a core event is an events.k8s.io event, in a list and in a watch.
        List<io.fabric8.kubernetes.api.model.events.v1.Event> seen = new CopyOnWriteArrayList<>();
        try (var w = client.events().v1().events().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, io.fabric8.kubernetes.api.model.events.v1.Event e) {
                seen.add(e);
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            client.v1().events().resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                    .withNewMetadata().withName("p.2").endMetadata().withReason("Pulled").withMessage("pulled")
                    .withNewInvolvedObject().withKind("Pod").withName("p").withNamespace("default").endInvolvedObject()
                    .build()).create();
            Poll.until(() -> seen.stream().anyMatch(e -> "p.2".equals(e.getMetadata().getName())));
        }
        io.fabric8.kubernetes.api.model.events.v1.Event p2 = seen.stream()
                .filter(e -> "p.2".equals(e.getMetadata().getName())).findFirst().orElseThrow();
        assertThat(p2.getNote()).isEqualTo("pulled");
        assertThat(p2.getRegarding().getName()).isEqualTo("p");
        assertThat(client.events().v1().events().withField("regarding.name", "p").list().getItems()).hasSize(2);
        assertThat(client.events().v1().events().withName("p.2").get().getReason()).isEqualTo("Pulled");
    }
}
