package io.j8s.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.apiserver.TestServer;
import io.j8s.controllers.common.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real API server on loopback, a client, and a controller manager with the controllers a test
 * names. No kubelet: tests make pods Running and Ready by patching their status themselves.
 */
public abstract class ApiServerTestBase {

    protected TestServer server;
    protected KubernetesClient client;
    protected ControllerManager manager;

    protected TestServer startServer() throws Exception {
        return TestServer.start();
    }

    @BeforeEach
    void startServerAndClient() throws Exception {
        server = startServer();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stopAll() {
        if (manager != null) manager.close();
        client.close();
        server.close();
    }

    protected void startManager(ControllerManagerOptions options) {
        manager = ControllerManager.start(client, options);
    }

    protected void startManager(String... controllers) {
        startManager(ControllerManagerOptions.defaults().withControllers(List.of(controllers)));
    }

    /** What a kubelet would write for a started, ready pod (on {@code node} when not empty). */
    protected void makeReady(Pod pod) {
        String now = Times.format(Instant.now());
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
                p.getStatus().setPhase("Running");
                List<PodCondition> conds = new ArrayList<>();
                conds.add(new PodConditionBuilder().withType("Ready").withStatus("True").withLastTransitionTime(now).build());
                conds.add(new PodConditionBuilder().withType("ContainersReady").withStatus("True").withLastTransitionTime(now).build());
                p.getStatus().setConditions(conds);
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) throw e;
        }
    }

    /** Makes every live pod of {@code namespace} with {@code labels} ready; answers how many it changed. */
    protected int makeAllReady(String namespace, Map<String, String> labels) {
        int n = 0;
        for (Pod p : client.pods().inNamespace(namespace).withLabels(labels).list().getItems()) {
            if (p.getMetadata().getDeletionTimestamp() != null || io.j8s.controllers.common.Pods.isReady(p)) continue;
            makeReady(p);
            n++;
        }
        return n;
    }

    protected List<Pod> livePods(String namespace, Map<String, String> labels) {
        return client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** Waits up to 30 s for {@code condition}, polling. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s: " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Waits for {@code value} to equal {@code want}, saying what it last was if it never does. */
    public static <T> void awaitEquals(String what, T want, Supplier<T> value) {
        Object[] last = {null};
        try {
            await(what, () -> {
                last[0] = value.get();
                return want.equals(last[0]);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": wanted " + want + ", last " + last[0]);
        }
    }
}
