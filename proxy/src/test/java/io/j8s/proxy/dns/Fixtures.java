package io.j8s.proxy.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;

/** Services and EndpointSlices as the API server and the EndpointSlice controller write them. */
final class Fixtures {

    private Fixtures() {}

    static ServicePort port(String name, int port, String protocol) {
        return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
    }

    static Service clusterIp(String ns, String name, String ip, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip).withPorts(ports).endSpec().build();
    }

    static Service headless(String ns, String name, boolean publishNotReady, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("None").withClusterIPs("None").withPublishNotReadyAddresses(publishNotReady)
                .withPorts(ports).endSpec().build();
    }

    static Service externalName(String ns, String name, String target) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName(target).endSpec().build();
    }

    static Endpoint endpoint(String ip, String hostname, boolean ready) {
        return new EndpointBuilder().withAddresses(ip).withHostname(hostname).withNewConditions().withReady(ready).endConditions().build();
    }

    static EndpointSlice slice(String ns, String name, String service, String portName, int port, Endpoint... endpoints) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(name)
                .withLabels(Map.of("kubernetes.io/service-name", service,
                        "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"))
                .endMetadata()
                .withAddressType("IPv4").withEndpoints(List.of(endpoints))
                .withPorts(new EndpointPortBuilder().withName(portName).withPort(port).withProtocol("TCP").build()).build();
    }
}
