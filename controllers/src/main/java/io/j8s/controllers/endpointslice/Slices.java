package io.j8s.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.j8s.controllers.common.Lister;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * EndpointSlice contents as values (what the reconcilers compare), and their conversion to and
 * from the API's objects. Shared by the EndpointSlice and the mirroring controllers.
 */
public final class Slices {

    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";

    private Slices() {}

    /** A slice port; {@code name} is empty for an unnamed one. */
    public record Port(String name, Integer port, String protocol, String appProtocol) {
        public Port {
            name = Objects.requireNonNullElse(name, "");
            protocol = Objects.requireNonNullElse(protocol, "TCP");
        }
    }

    public record Ref(String kind, String namespace, String name, String uid) {}

    /** One endpoint (one address: j8s' slices are single-family); absent conditions are null. */
    public record Ep(String address, Boolean ready, Boolean serving, Boolean terminating, String hostname, String nodeName, String zone,
            Ref ref) {

        /** Upstream's endpoint hash: what makes it the same endpoint (its other fields may change in place). */
        public String key() {
            return address + "|" + Objects.requireNonNullElse(hostname, "") + "|"
                    + (ref == null ? "|" : Objects.requireNonNullElse(ref.namespace(), "") + "|" + Objects.requireNonNullElse(ref.name(), ""));
        }
    }

    public static final Comparator<Port> PORT_ORDER = Comparator.comparing(Port::name)
            .thenComparing(p -> p.port() == null ? 0 : p.port()).thenComparing(Port::protocol);

    /** A port set as a grouping key: sorted, as upstream's {@code NewPortMapKey}. */
    public static List<Port> portKey(List<Port> ports) {
        List<Port> sorted = new ArrayList<>(ports);
        sorted.sort(PORT_ORDER);
        return List.copyOf(sorted);
    }

    public static List<Port> portsOf(EndpointSlice slice) {
        List<Port> out = new ArrayList<>();
        if (slice.getPorts() == null) return out;
        for (EndpointPort p : slice.getPorts()) out.add(new Port(p.getName(), p.getPort(), p.getProtocol(), p.getAppProtocol()));
        return out;
    }

    public static List<Ep> endpointsOf(EndpointSlice slice) {
        List<Ep> out = new ArrayList<>();
        if (slice.getEndpoints() == null) return out;
        for (Endpoint e : slice.getEndpoints()) {
            EndpointConditions c = e.getConditions();
            var r = e.getTargetRef();
            out.add(new Ep(e.getAddresses() == null || e.getAddresses().isEmpty() ? "" : e.getAddresses().getFirst(),
                    c == null ? null : c.getReady(), c == null ? null : c.getServing(), c == null ? null : c.getTerminating(),
                    e.getHostname(), e.getNodeName(), e.getZone(),
                    r == null ? null : new Ref(r.getKind(), r.getNamespace(), r.getName(), r.getUid())));
        }
        return out;
    }

    public static List<EndpointPort> toApiPorts(List<Port> ports) {
        return ports.stream().map(p -> new EndpointPortBuilder().withName(p.name().isEmpty() ? null : p.name()).withPort(p.port())
                .withProtocol(p.protocol()).withAppProtocol(p.appProtocol()).build()).toList();
    }

    public static List<Endpoint> toApiEndpoints(List<Ep> endpoints) {
        return endpoints.stream().map(e -> {
            var b = new EndpointBuilder().withAddresses(e.address()).withNewConditions().withReady(e.ready()).withServing(e.serving())
                    .withTerminating(e.terminating()).endConditions().withHostname(e.hostname()).withNodeName(e.nodeName()).withZone(e.zone());
            if (e.ref() != null) {
                b.withTargetRef(new ObjectReferenceBuilder().withKind(e.ref().kind()).withNamespace(e.ref().namespace())
                        .withName(e.ref().name()).withUid(e.ref().uid()).build());
            }
            return b.build();
        }).toList();
    }

    public static Map<String, String> labelsOf(EndpointSlice slice) {
        return slice.getMetadata().getLabels() == null ? Map.of() : slice.getMetadata().getLabels();
    }

    /** Upstream's {@code getEndpointSlicePrefix}: {@code <service>-}, or {@code endpointslice-} where that is no valid name. */
    public static String generateName(String serviceName) {
        String prefix = serviceName + "-";
        return prefix.length() <= 248 && serviceName.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") ? prefix : "endpointslice-";
    }

    /** The slices of Service {@code ns/service} managed by {@code managedBy} and not being deleted, by name. */
    public static List<EndpointSlice> managed(Lister<EndpointSlice> slices, String ns, String service, String managedBy) {
        List<EndpointSlice> out = new ArrayList<>();
        for (EndpointSlice s : slices.list(ns)) {
            Map<String, String> l = labelsOf(s);
            if (service.equals(l.get(SERVICE_NAME_LABEL)) && managedBy.equals(l.get(MANAGED_BY_LABEL))
                    && s.getMetadata().getDeletionTimestamp() == null) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        return out;
    }
}
