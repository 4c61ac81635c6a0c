package io.j8s.proxy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Services and EndpointSlices as the API would hold them, for the proxy's tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A port of a Service: name, port, protocol, nodePort (0 for none), targetPort. */
    public record Port(String name, int port, String protocol, int nodePort, Object targetPort) {
        public static Port tcp(String name, int port, Object target) {
            return new Port(name, port, "TCP", 0, target);
        }
    }

    public static ServiceBuilder service(String namespace, String name, String type, String clusterIp, Port... ports) {
        List<io.fabric8.kubernetes.api.model.ServicePort> list = new ArrayList<>();
        for (Port p : ports) {
            var b = new ServicePortBuilder().withName(p.name().isEmpty() ? null : p.name()).withPort(p.port())
                    .withProtocol(p.protocol()).withTargetPort(p.targetPort() instanceof Integer i ? new IntOrString(i)
                            : new IntOrString(String.valueOf(p.targetPort())));
            if (p.nodePort() > 0) b.withNodePort(p.nodePort());
            list.add(b.build());
        }
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).withClusterIPs(clusterIp).withPorts(list)
                .withSessionAffinity("None").withInternalTrafficPolicy("Cluster").withExternalTrafficPolicy(
                        type.equals("ClusterIP") ? null : "Cluster").endSpec();
    }

    /** An endpoint: address, node, ready (serving = ready, not terminating). */
    public record Ep(String ip, String node, boolean ready, boolean serving, boolean terminating) {
        public static Ep ready(String ip, String node) {
            return new Ep(ip, node, true, true, false);
        }
    }

    /** A slice port: name ("" unnamed), port, protocol. */
    public record SlicePort(String name, int port, String protocol) {
    }

    public static EndpointSlice slice(String namespace, String service, String sliceName, List<SlicePort> ports, List<Ep> eps) {
        return slice(namespace, service, sliceName, ports, eps, null);
    }

    public static EndpointSlice slice(String namespace, String service, String sliceName, List<SlicePort> ports, List<Ep> eps,
                                      String triggerTime) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/service-name", service);
        labels.put("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
        Map<String, String> annotations = new LinkedHashMap<>();
        if (triggerTime != null) annotations.put("endpoints.kubernetes.io/last-change-trigger-time", triggerTime);
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(namespace).withName(sliceName).withLabels(labels)
                .withAnnotations(annotations).endMetadata()
                .withAddressType("IPv4")
                .withPorts(ports.stream().map(p -> new EndpointPortBuilder().withName(p.name().isEmpty() ? null : p.name())
                        .withPort(p.port()).withProtocol(p.protocol()).build()).toList())
                .withEndpoints(eps.stream().map(e -> new EndpointBuilder().withAddresses(e.ip()).withNodeName(e.node())
                        .withNewConditions().withReady(e.ready()).withServing(e.serving()).withTerminating(e.terminating())
                        .endConditions().build()).toList())
                .build();
    }

    public static Service build(ServiceBuilder b) {
        return b.build();
    }
}
