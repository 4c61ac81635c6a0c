package io.j8s.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.j8s.controllers.ApiServerTestBase;
import io.j8s.controllers.common.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Endpoints, EndpointSlice and mirroring controllers against a real API server; the test plays the kubelet. */
class EndpointControllersIntegrationTest extends ApiServerTestBase {

    static final String NS = "default";

    @BeforeEach
    void nodesAndControllers() {
        for (String[] n : new String[][] {{"node-a", "zone-a"}, {"node-b", "zone-b"}}) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(n[0]).withLabels(Map.of("topology.kubernetes.io/zone", n[1]))
                    .endMetadata().build()).create();
        }
        startManager("endpoint", "endpointslice", "endpointslicemirroring");
    }

    Service service(String name, Map<String, String> selector, String targetPort) {
        var b = new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(Map.of("team", "a")).endMetadata()
                .withNewSpec().withSelector(selector).endSpec();
        if (targetPort != null) {
            b.editSpec().withPorts(new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP")
                    .withTargetPort(targetPort.matches("\\d+") ? new IntOrString(Integer.parseInt(targetPort)) : new IntOrString(targetPort))
                    .build()).endSpec();
        }
        return b.build();
    }

    /** A pod on {@code node} whose container names {@code httpPort} "http" (none when 0). */
    Pod pod(String name, Map<String, String> labels, String node, int httpPort) {
        var b = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("nginx").endContainer().endSpec();
        if (httpPort > 0) {
            b.editSpec().editFirstContainer().withPorts(new ContainerPortBuilder().withName("http").withContainerPort(httpPort).build())
                    .endContainer().endSpec();
        }
        return client.pods().inNamespace(NS).resource(b.build()).create();
    }

    /** What a kubelet writes: Running with {@code ip}, Ready or not. */
    void status(String name, String ip, boolean ready) {
        String now = Times.format(Instant.now());
        client.pods().inNamespace(NS).withName(name).editStatus(p -> {
            p.getStatus().setPhase("Running");
            p.getStatus().setPodIP(ip);
            p.getStatus().setPodIPs(List.of(new PodIPBuilder().withIp(ip).build()));
            List<PodCondition> conds = new ArrayList<>();
            conds.add(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").withLastTransitionTime(now).build());
            p.getStatus().setConditions(conds);
            return p;
        });
    }

    Endpoints endpoints(String name) {
        return client.endpoints().inNamespace(NS).withName(name).get();
    }

    List<EndpointSlice> slices(String service) {
        return client.discovery().v1().endpointSlices().inNamespace(NS).withLabel("kubernetes.io/service-name", service).list().getItems();
    }

    /** The Endpoints as "ready|notReady|ports" per subset, sorted, e.g. {@code [10.244.0.11||http:8080]}. */
    List<String> subsets(String name) {
        Endpoints ep = endpoints(name);
        if (ep == null) return null;
        return ep.getSubsets().stream().map(EndpointControllersIntegrationTest::describe).sorted().toList();
    }

    static String describe(EndpointSubset s) {
        return String.join(",", s.getAddresses().stream().map(EndpointAddress::getIp).toList()) + "|"
                + String.join(",", s.getNotReadyAddresses().stream().map(EndpointAddress::getIp).toList()) + "|"
                + String.join(",", s.getPorts().stream().map(p -> p.getName() + ":" + p.getPort()).toList());
    }

    /** Every slice endpoint of the Service as "ip ready/serving/terminating ports". */
    List<String> sliceEndpoints(String service) {
        List<String> out = new ArrayList<>();
        for (EndpointSlice s : slices(service)) {
            String ports = String.join(",", s.getPorts().stream().map(p -> Objects.requireNonNullElse(p.getName(), "") + ":" + p.getPort()).toList());
            for (Endpoint e : s.getEndpoints()) {
                var c = e.getConditions();
                out.add(e.getAddresses().getFirst() + " " + c.getReady() + "/" + c.getServing() + "/" + c.getTerminating() + " " + ports);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @Test
    void readinessAndNamedPortsPerPodReachEndpointsAndSlices() {
        Map<String, String> app = Map.of("app", "web");
        client.services().inNamespace(NS).resource(service("web", app, "http")).create();
        pod("web-1", app, "node-a", 8080);
        pod("web-2", app, "node-b", 9090);
        pod("web-3", app, "node-b", 0);
        pod("web-4", app, "node-a", 8080);
        status("web-1", "10.244.0.11", true);
        status("web-2", "10.244.1.12", false);
        status("web-3", "10.244.1.13", true);
        // web-4 has no IP yet: left out.

        awaitEquals("Endpoints by port", List.of("10.244.0.11||http:8080", "|10.244.1.12|http:9090"), () -> subsets("web"));
        awaitEquals("slice endpoints", List.of("10.244.0.11 true/true/false http:8080", "10.244.1.12 false/false/false http:9090",
                "10.244.1.13 true/true/false "), () -> sliceEndpoints("web"));

        Endpoints ep = endpoints("web");
        assertThat(ep.getMetadata().getLabels()).isEqualTo(Map.of("team", "a"));
        assertThat(ep.getMetadata().getAnnotations()).containsKey("endpoints.kubernetes.io/last-change-trigger-time");
        EndpointAddress a = ep.getSubsets().getFirst().getAddresses().getFirst();
        assertThat(a.getNodeName()).isEqualTo("node-a");
        assertThat(a.getTargetRef().getKind() + " " + a.getTargetRef().getNamespace() + " " + a.getTargetRef().getName()).isEqualTo("Pod default web-1");
        assertThat(a.getTargetRef().getUid()).isNotEmpty();

        Service svc = client.services().inNamespace(NS).withName("web").get();
        for (EndpointSlice s : slices("web")) {
            assertThat(s.getAddressType()).isEqualTo("IPv4");
            assertThat(s.getMetadata().getName()).startsWith("web-");
            assertThat(s.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "web")
                    .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io").containsEntry("team", "a")
                    .doesNotContainKey("service.kubernetes.io/headless");
            assertThat(s.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> assertThat(
                    r.getKind() + " " + r.getName() + " " + r.getUid() + " " + r.getController() + " " + r.getBlockOwnerDeletion())
                    .isEqualTo("Service web " + svc.getMetadata().getUid() + " true true"));
            assertThat(s.getMetadata().getAnnotations()).containsKey("endpoints.kubernetes.io/last-change-trigger-time");
        }
        Endpoint first = slices("web").stream().flatMap(s -> s.getEndpoints().stream())
                .filter(e -> e.getAddresses().getFirst().equals("10.244.0.11")).findFirst().orElseThrow();
        assertThat(first.getNodeName()).isEqualTo("node-a");
        assertThat(first.getZone()).isEqualTo("zone-a");
        assertThat(first.getTargetRef().getName()).isEqualTo("web-1");

        // Readiness flips both ways.
        status("web-2", "10.244.1.12", true);
        status("web-1", "10.244.0.11", false);
        awaitEquals("Endpoints after the flips", List.of("10.244.1.12||http:9090", "|10.244.0.11|http:8080"), () -> subsets("web"));
        awaitEquals("slices after the flips", List.of("10.244.0.11 false/false/false http:8080", "10.244.1.12 true/true/false http:9090",
                "10.244.1.13 true/true/false "), () -> sliceEndpoints("web"));

        // A terminating pod leaves the Endpoints and stays in its slice as terminating.
        client.pods().inNamespace(NS).withName("web-2").edit(p -> new PodBuilder(p).editMetadata().addToFinalizers("example.com/hold")
                .endMetadata().build());
        client.pods().inNamespace(NS).withName("web-2").delete();
        awaitEquals("Endpoints without the terminating pod", List.of("|10.244.0.11|http:8080"), () -> subsets("web"));
        awaitEquals("slices with it terminating", List.of("10.244.0.11 false/false/false http:8080", "10.244.1.12 false/true/true http:9090",
                "10.244.1.13 true/true/false "), () -> sliceEndpoints("web"));
        client.pods().inNamespace(NS).withName("web-2").edit(p -> new PodBuilder(p).editMetadata().withFinalizers(List.of()).endMetadata().build());
    }

    @Test
    void kubectlShowsTheEndpointsAndSlices() throws Exception {
        io.j8s.controllers.Kubectl.assumeInstalled();
        var kubectl = new io.j8s.controllers.Kubectl(server.kubeconfig());
        Map<String, String> app = Map.of("app", "k");
        client.services().inNamespace(NS).resource(service("web-service", app, "8080")).create();
        pod("k-1", app, "node-a", 0);
        status("k-1", "10.244.0.41", true);
        await("kubectl get endpoints", () -> kubectl.run("get", "endpoints", "web-service").out().contains("10.244.0.41:8080"));
        assertThat(kubectl.run("get", "endpointslices").out()).contains("web-service-").contains("IPv4").contains("8080")
                .contains("10.244.0.41");
        assertThat(kubectl.run("describe", "svc", "web-service").out()).containsPattern("Endpoints:\\s+10.244.0.41:8080");
    }

    @Test
    void publishNotReadyAddressesListsEveryPodAsReady() {
        Map<String, String> app = Map.of("app", "pnr");
        Service svc = service("pnr", app, "8080");
        svc.getSpec().setPublishNotReadyAddresses(true);
        client.services().inNamespace(NS).resource(svc).create();
        pod("pnr-1", app, "node-a", 0);
        status("pnr-1", "10.244.0.21", false);
        awaitEquals("Endpoints", List.of("10.244.0.21||http:8080"), () -> subsets("pnr"));
        awaitEquals("slices", List.of("10.244.0.21 true/false/false http:8080"), () -> sliceEndpoints("pnr"));
    }

    @Test
    void aHeadlessServiceIsLabelledAndNamesItsPodsHostnames() {
        Map<String, String> app = Map.of("app", "db");
        Service svc = service("db", app, null);
        svc.getSpec().setClusterIP("None");
        client.services().inNamespace(NS).resource(svc).create();
        Pod p = new PodBuilder().withNewMetadata().withName("db-0").withNamespace(NS).withLabels(app).endMetadata()
                .withNewSpec().withNodeName("node-a").withHostname("db-0").withSubdomain("db").addNewContainer().withName("c").withImage("pg")
                .endContainer().endSpec().build();
        client.pods().inNamespace(NS).resource(p).create();
        status("db-0", "10.244.0.31", true);
        awaitEquals("Endpoints", List.of("10.244.0.31||"), () -> subsets("db"));
        Endpoints ep = endpoints("db");
        assertThat(ep.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
        assertThat(ep.getSubsets().getFirst().getAddresses().getFirst().getHostname()).isEqualTo("db-0");
        awaitEquals("slices", List.of("10.244.0.31 true/true/false "), () -> sliceEndpoints("db"));
        EndpointSlice s = slices("db").getFirst();
        assertThat(s.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
        assertThat(s.getEndpoints().getFirst().getHostname()).isEqualTo("db-0");
    }

    @Test
    void manyPodsMakeSlicesOfAtMostAHundredAndTheServiceTakesThemAlong() {
        Map<String, String> app = Map.of("app", "big");
        client.services().inNamespace(NS).resource(service("big", app, "8080")).create();
        int n = 250;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < n; i++) {
                int k = i;
                pool.submit(() -> {
                    pod("big-" + k, app, k % 2 == 0 ? "node-a" : "node-b", 0);
                    status("big-" + k, "10.244." + (k / 200) + "." + (k % 200 + 1), true);
                });
            }
        }
        awaitEquals("every pod in a slice", n, () -> slices("big").stream().mapToInt(s -> s.getEndpoints().size()).sum());
        awaitEquals("every pod in the Endpoints", n, () -> {
            Endpoints ep = endpoints("big");
            return ep == null ? 0 : ep.getSubsets().stream().mapToInt(s -> s.getAddresses().size()).sum();
        });
        List<EndpointSlice> all = slices("big");
        assertThat(all).hasSize(3).allSatisfy(s -> {
            assertThat(s.getEndpoints()).hasSizeLessThanOrEqualTo(100);
            assertThat(s.getMetadata().getLabels()).containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
            assertThat(s.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> assertThat(r.getName()).isEqualTo("big"));
        });

        client.services().inNamespace(NS).withName("big").delete();
        await("the Endpoints and slices gone", () -> endpoints("big") == null && slices("big").isEmpty());
    }

    @Test
    void endpointsOfAServiceWithoutSelectorAreMirroredUnlessSkipped() {
        Service svc = new ServiceBuilder().withNewMetadata().withName("ext").withNamespace(NS).endMetadata().withNewSpec()
                .withPorts(new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP").build()).endSpec().build();
        client.services().inNamespace(NS).resource(svc).create();
        Endpoints ep = new EndpointsBuilder().withNewMetadata().withName("ext").withNamespace(NS).withLabels(Map.of("origin", "hand"))
                .endMetadata().addNewSubset().addNewAddress().withIp("192.168.10.1").endAddress().addNewNotReadyAddress().withIp("192.168.10.2")
                .endNotReadyAddress().addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSubset().build();
        client.endpoints().inNamespace(NS).resource(ep).create();
        await("a mirrored slice", () -> slices("ext").size() == 1);
        EndpointSlice s = slices("ext").getFirst();
        assertThat(s.getMetadata().getLabels()).containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslicemirroring-controller.k8s.io")
                .containsEntry("origin", "hand");
        assertThat(s.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> assertThat(r.getKind()).isEqualTo("Endpoints"));
        assertThat(Stream.of(s).flatMap(x -> x.getEndpoints().stream()).map(e -> e.getAddresses().getFirst() + " " + e.getConditions().getReady()))
                .containsExactly("192.168.10.1 true", "192.168.10.2 false");
        assertThat(s.getPorts()).singleElement().satisfies(p -> assertThat(p.getName() + ":" + p.getPort()).isEqualTo("http:8080"));

        // The Endpoints controller leaves a selectorless Service's Endpoints as they are.
        assertThat(subsets("ext")).containsExactly("192.168.10.1|192.168.10.2|http:8080");

        client.endpoints().inNamespace(NS).withName("ext").edit(e -> new EndpointsBuilder(e).editMetadata()
                .addToLabels("endpointslice.kubernetes.io/skip-mirror", "true").endMetadata().build());
        await("the mirrored slice gone", () -> slices("ext").isEmpty());
    }
}
