package io.j8s.apiserver.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.Poll;
import io.j8s.apiserver.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cluster IPs and node ports through the API, as upstream's service REST storage tests. */
class ServiceAllocationTest {

    TestServer server;
    KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(TestServer.realParts(), c -> c.withServices(new ApiServer.ServiceNetwork("10.96.0.0/12", "30000-32767",
                Duration.ZERO)));
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

    static ServicePort port(String name, int port, String protocol, Integer nodePort) {
        return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol).withNodePort(nodePort).build();
    }

    static Service svc(String name, String type, String clusterIp, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).withSelector(java.util.Map.of("app", name))
                .withPorts(ports.length == 0 ? List.of(port("http", 80, "TCP", null)) : List.of(ports)).endSpec().build();
    }

    Service create(Service s) {
        return client.services().resource(s).create();
    }

    static String invalid(Runnable r) {
        try {
            r.run();
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).isEqualTo(422);
            return e.getStatus().getMessage();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aClusterIpServiceGetsAnAddressFromTheUpperPartOfTheRangeWithUpstreamDefaults() {
        Service s = create(svc("web", null, null));
        String ip = s.getSpec().getClusterIP();
        assertThat(s.getSpec().getClusterIPs()).containsExactly(ip);
        int item = IpRange.parse("10.96.0.0/12").offsetOf(ip);
        assertThat(item).isGreaterThanOrEqualTo(256);
        assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(s.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(s.getSpec().getIpFamilies()).containsExactly("IPv4");
        assertThat(s.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
        assertThat(s.getSpec().getInternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(s.getSpec().getExternalTrafficPolicy()).isNull();
        assertThat(s.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(80));
        assertThat(s.getSpec().getPorts().get(0).getNodePort()).isNull();
    }

    @Test
    void aRequestedAddressIsHonouredOrRefusedWithUpstreamsMessages() {
        assertThat(create(svc("a", null, "10.96.0.50")).getSpec().getClusterIP()).isEqualTo("10.96.0.50");
        assertThat(invalid(() -> create(svc("b", null, "10.96.0.50")))).isEqualTo("Service \"b\" is invalid: spec.clusterIPs:"
                + " Invalid value: []string{\"10.96.0.50\"}: failed to allocate IP 10.96.0.50: provided IP is already allocated");
        assertThat(invalid(() -> create(svc("c", null, "10.0.0.5")))).isEqualTo("Service \"c\" is invalid: spec.clusterIPs:"
                + " Invalid value: []string{\"10.0.0.5\"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the"
                + " valid range. The range of valid IPs is 10.96.0.0/12");
        assertThat(invalid(() -> create(svc("d", null, "10.96.0.0")))).contains("the provided IP (10.96.0.0) is not in the valid range");
        assertThat(invalid(() -> create(svc("e", null, "10.111.255.255")))).contains("is not in the valid range");
        // The bootstrap Services hold theirs.
        assertThat(invalid(() -> create(svc("f", null, "10.96.0.1")))).contains("provided IP is already allocated");
        assertThat(invalid(() -> create(svc("g", null, "10.96.0.10")))).contains("provided IP is already allocated");
    }

    @Test
    void headlessAndExternalNameServicesGetNoAddress() {
        Service headless = create(svc("h", null, "None"));
        assertThat(headless.getSpec().getClusterIPs()).containsExactly("None");
        Service external = create(new ServiceBuilder().withNewMetadata().withName("x").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("example.com").endSpec().build());
        assertThat(external.getSpec().getClusterIP()).isNull();
        assertThat(external.getSpec().getClusterIPs()).isNullOrEmpty();
        assertThat(invalid(() -> create(new ServiceBuilder().withNewMetadata().withName("y").endMetadata()
                .withNewSpec().withType("ExternalName").endSpec().build()))).contains("spec.externalName: Required value");
    }

    @Test
    void nodePortsAreAllocatedRequestedOrRefused() {
        Service np = create(svc("np", "NodePort", null, port("http", 80, "TCP", null)));
        int nodePort = np.getSpec().getPorts().get(0).getNodePort();
        assertThat(nodePort).isBetween(30000 + 86, 32767);
        assertThat(np.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");

        Service asked = create(svc("asked", "NodePort", null, port("http", 80, "TCP", 30080)));
        assertThat(asked.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30080);
        assertThat(invalid(() -> create(svc("again", "NodePort", null, port("http", 80, "TCP", 30080)))))
                .isEqualTo("Service \"again\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated");
        assertThat(invalid(() -> create(svc("low", "NodePort", null, port("http", 80, "TCP", 8080)))))
                .isEqualTo("Service \"low\" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid"
                        + " range. The range of valid ports is 30000-32767");
        assertThat(invalid(() -> create(svc("cip", "ClusterIP", null, port("http", 80, "TCP", 30090)))))
                .contains("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    }

    @Test
    void tcpAndUdpOfOnePortShareANodePort() {
        Service dns = create(svc("dns", "NodePort", null, port("dns", 53, "UDP", null), port("dns-tcp", 53, "TCP", null)));
        assertThat(dns.getSpec().getPorts().get(0).getNodePort()).isEqualTo(dns.getSpec().getPorts().get(1).getNodePort());
        Service asked = create(svc("asked", "NodePort", null, port("dns", 53, "UDP", 30053), port("dns-tcp", 53, "TCP", 30053)));
        assertThat(asked.getSpec().getPorts()).extracting(ServicePort::getNodePort).containsExactly(30053, 30053);
        Service half = create(svc("half", "NodePort", null, port("dns", 54, "UDP", null), port("dns-tcp", 54, "TCP", 30054)));
        assertThat(half.getSpec().getPorts()).extracting(ServicePort::getNodePort).containsExactly(30054, 30054);
    }

    @Test
    void aLoadBalancerGetsNodePortsAndStaysPending() throws Exception {
        Service lb = create(svc("lb", "LoadBalancer", null));
        assertThat(lb.getSpec().getAllocateLoadBalancerNodePorts()).isTrue();
        assertThat(lb.getSpec().getPorts().get(0).getNodePort()).isNotNull();
        assertThat(lb.getStatus().getLoadBalancer().getIngress()).isNullOrEmpty();
        Service none = svc("nolb", "LoadBalancer", null);
        none.getSpec().setAllocateLoadBalancerNodePorts(false);
        assertThat(create(none).getSpec().getPorts().get(0).getNodePort()).isNull();
        Service local = svc("local", "LoadBalancer", null);
        local.getSpec().setExternalTrafficPolicy("Local");
        int hc = create(local).getSpec().getHealthCheckNodePort();
        assertThat(hc).isBetween(30000, 32767);
        client.services().withName("local").delete();
        Poll.until(() -> client.services().withName("local").get() == null);
        Service takesIt = create(svc("takes", "NodePort", null, port("http", 80, "TCP", hc)));
        assertThat(takesIt.getSpec().getPorts().get(0).getNodePort()).isEqualTo(hc);
    }

    @Test
    void deletingReleasesTheAddressAndThePorts() throws Exception {
        create(svc("a", "NodePort", "10.96.0.60", port("http", 80, "TCP", 30100)));
        client.services().withName("a").delete();
        Poll.until(() -> client.services().withName("a").get() == null);
        Service again = create(svc("b", "NodePort", "10.96.0.60", port("http", 80, "TCP", 30100)));
        assertThat(again.getSpec().getClusterIP()).isEqualTo("10.96.0.60");
    }

    @Test
    void nodePortToClusterIpReleasesThePorts() {
        create(svc("a", "NodePort", null, port("http", 80, "TCP", 30200)));
        Service cip = client.services().withName("a").edit(s -> {
            s.getSpec().setType("ClusterIP");
            return s;
        });
        assertThat(cip.getSpec().getPorts().get(0).getNodePort()).isNull();
        assertThat(cip.getSpec().getExternalTrafficPolicy()).isNull();
        assertThat(create(svc("b", "NodePort", null, port("http", 80, "TCP", 30200))).getSpec().getPorts().get(0).getNodePort())
                .isEqualTo(30200);
        // And back: a new port is allocated.
        Service np = client.services().withName("a").edit(s -> {
            s.getSpec().setType("NodePort");
            return s;
        });
        assertThat(np.getSpec().getPorts().get(0).getNodePort()).isNotNull().isNotEqualTo(30200);
    }

    @Test
    void clusterIpToExternalNameReleasesTheAddressAndBackAllocatesOne() {
        create(svc("a", null, "10.96.0.70"));
        Service ext = client.services().withName("a").edit(s -> {
            s.getSpec().setType("ExternalName");
            s.getSpec().setExternalName("example.com");
            return s;
        });
        assertThat(ext.getSpec().getClusterIP()).isNull();
        assertThat(ext.getSpec().getIpFamilies()).isNullOrEmpty();
        assertThat(create(svc("b", null, "10.96.0.70")).getSpec().getClusterIP()).isEqualTo("10.96.0.70");
        Service back = client.services().withName("a").edit(s -> {
            s.getSpec().setType("ClusterIP");
            s.getSpec().setExternalName(null);
            return s;
        });
        assertThat(back.getSpec().getClusterIP()).isNotNull().isNotEqualTo("10.96.0.70");
    }

    @Test
    void theClusterIpCannotChange() {
        create(svc("a", null, "10.96.0.80"));
        String message = invalid(() -> client.services().withName("a").edit(s -> {
            s.getSpec().setClusterIP("10.96.0.81");
            s.getSpec().setClusterIPs(List.of("10.96.0.81"));
            return s;
        }));
        assertThat(message).contains("spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.81\"}: may not change once set");
        // Nothing was taken by the refused update.
        assertThat(create(svc("b", null, "10.96.0.81")).getSpec().getClusterIP()).isEqualTo("10.96.0.81");
    }

    @Test
    void aFailedCreateGivesBackWhatItTook() {
        create(svc("taken", "NodePort", null, port("http", 80, "TCP", 30300)));
        // The IP is free and allocated first; the node port is taken, so the whole create fails.
        invalid(() -> create(svc("b", "NodePort", "10.96.0.90", port("http", 80, "TCP", 30300))));
        assertThat(create(svc("c", null, "10.96.0.90")).getSpec().getClusterIP()).isEqualTo("10.96.0.90");
        // A name that exists: allocated, then refused with 409, then released.
        assertThatThrownBy(() -> create(svc("c", "NodePort", "10.96.0.91", port("http", 80, "TCP", 30301))))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        Service d = create(svc("d", "NodePort", "10.96.0.91", port("http", 80, "TCP", 30301)));
        assertThat(d.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30301);
        // A failed update gives back the node ports it took.
        invalid(() -> client.services().withName("c").edit(s -> {
            s.getSpec().setType("NodePort");
            s.getSpec().setPorts(List.of(port("a", 80, "TCP", 30302), port("b", 81, "TCP", 30300)));
            return s;
        }));
        assertThat(create(svc("e", "NodePort", null, port("http", 80, "TCP", 30302))).getSpec().getPorts().get(0).getNodePort())
                .isEqualTo(30302);
    }

    @Test
    void aDryRunTakesNothing() {
        Service dry = client.services().resource(svc("dry", "NodePort", "10.96.0.95", port("http", 80, "TCP", 30400))).dryRun().create();
        assertThat(dry.getSpec().getClusterIP()).isEqualTo("10.96.0.95");
        Service real = create(svc("real", "NodePort", "10.96.0.95", port("http", 80, "TCP", 30400)));
        assertThat(real.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30400);
    }

    @Test
    void theAllocatorGaugesAreUpstreams() throws Exception {
        create(svc("np", "NodePort", null));
        var http = java.net.http.HttpClient.newHttpClient();
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("kube_apiserver_clusterip_allocator_allocated_ips{cidr=\"10.96.0.0/12\"} 3.0")
                .contains("kube_apiserver_clusterip_allocator_available_ips{cidr=\"10.96.0.0/12\"} 1048571.0")
                .contains("kube_apiserver_nodeport_allocator_allocated_ports 1.0")
                .contains("kube_apiserver_nodeport_allocator_available_ports 2767.0");
    }

    @Test
    void theBootstrapServicesAreAtTheFirstAndTenthAddress() {
        Service kubernetes = client.services().inNamespace("default").withName("kubernetes").get();
        assertThat(kubernetes.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
        Service dns = client.services().inNamespace("kube-system").withName("kube-dns").get();
        assertThat(dns.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
        assertThat(dns.getSpec().getSelector()).isNullOrEmpty();
        assertThat(dns.getMetadata().getLabels()).containsEntry("k8s-app", "kube-dns").containsEntry("kubernetes.io/name", "j8s-dns");
        assertThat(dns.getSpec().getPorts()).extracting(p -> p.getName() + "/" + p.getPort() + "/" + p.getProtocol())
                .containsExactly("dns/53/UDP", "dns-tcp/53/TCP");
    }
}
