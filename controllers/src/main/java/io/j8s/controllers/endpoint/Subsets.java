package io.j8s.controllers.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Endpoints subsets as values, and upstream's operations on them ({@code pkg/api/v1/endpoints}
 * {@code RepackSubsets}, the controller's {@code truncateEndpoints}).
 */
final class Subsets {

    /** The most addresses an Endpoints object holds (upstream's {@code maxCapacity}). */
    static final int MAX_CAPACITY = 1000;

    private Subsets() {}

    /** An address; {@code refKind} and the rest are null without a targetRef. */
    record Address(String ip, String hostname, String nodeName, String refKind, String refNamespace, String refName, String refUid) {}

    record Port(String name, int port, String protocol, String appProtocol) {}

    record Subset(List<Address> addresses, List<Address> notReadyAddresses, List<Port> ports) {
        Subset {
            addresses = List.copyOf(addresses);
            notReadyAddresses = List.copyOf(notReadyAddresses);
            ports = List.copyOf(ports);
        }

        int size() {
            return addresses.size() + notReadyAddresses.size();
        }
    }

    static final Comparator<Address> ADDRESS_ORDER = Comparator.comparing(Address::ip)
            .thenComparing(a -> Objects.requireNonNullElse(a.refUid(), ""));
    static final Comparator<Port> PORT_ORDER = Comparator.comparing((Port p) -> Objects.requireNonNullElse(p.name(), ""))
            .thenComparingInt(Port::port).thenComparing(p -> Objects.requireNonNullElse(p.protocol(), ""));

    private static final Port SENTINEL = new Port("", -1, "", null);

    private record AddressKey(String ip, String uid) {}

    /**
     * Upstream's {@code RepackSubsets}: one subset per set of addresses offering the same ports,
     * an address not ready on a port if any subset says so; addresses sorted by IP and pod uid,
     * ports by name, number and protocol, subsets by their contents (upstream sorts these by a
     * hash, so its order differs, but is as stable).
     */
    static List<Subset> repack(List<Subset> subsets) {
        Map<AddressKey, Address> all = new HashMap<>();
        Map<Port, Map<Address, Boolean>> byPort = new LinkedHashMap<>();
        for (Subset s : subsets) {
            List<Port> ports = s.ports().isEmpty() ? List.of(SENTINEL) : s.ports();
            for (Port port : ports) {
                for (Address a : s.addresses()) map(a, port, true, all, byPort);
                for (Address a : s.notReadyAddresses()) map(a, port, false, all, byPort);
            }
        }
        Map<Map<Address, Boolean>, List<Port>> portsByAddresses = new LinkedHashMap<>();
        for (var e : byPort.entrySet()) {
            List<Port> ports = portsByAddresses.computeIfAbsent(e.getValue(), k -> new ArrayList<>());
            if (e.getKey().port() > 0) ports.add(e.getKey());
        }
        List<Subset> out = new ArrayList<>();
        for (var e : portsByAddresses.entrySet()) {
            List<Address> ready = new ArrayList<>();
            List<Address> notReady = new ArrayList<>();
            e.getKey().forEach((a, r) -> (r ? ready : notReady).add(a));
            ready.sort(ADDRESS_ORDER);
            notReady.sort(ADDRESS_ORDER);
            List<Port> ports = new ArrayList<>(e.getValue());
            ports.sort(PORT_ORDER);
            out.add(new Subset(ready, notReady, ports));
        }
        out.sort(Comparator.comparing(Subsets::sortKey));
        return out;
    }

    private static void map(Address a, Port port, boolean ready, Map<AddressKey, Address> all, Map<Port, Map<Address, Boolean>> byPort) {
        Address existing = all.computeIfAbsent(new AddressKey(a.ip(), a.refUid()), k -> a);
        Map<Address, Boolean> set = byPort.computeIfAbsent(port, k -> new LinkedHashMap<>());
        Boolean was = set.get(existing);
        // Not ready wins over ready.
        if (was == null || was) set.put(existing, ready);
    }

    private static String sortKey(Subset s) {
        StringBuilder b = new StringBuilder();
        s.ports().forEach(p -> b.append(p.name()).append(':').append(p.port()).append('/').append(p.protocol()).append(','));
        b.append('|');
        s.addresses().forEach(a -> b.append(a.ip()).append(','));
        b.append('|');
        s.notReadyAddresses().forEach(a -> b.append(a.ip()).append(','));
        return b.toString();
    }

    static int count(List<Subset> subsets) {
        return subsets.stream().mapToInt(Subset::size).sum();
    }

    /**
     * Upstream's {@code truncateEndpoints}: over {@code max} addresses, keep ready ones first,
     * each subset keeping its share (rounded up) of what is kept. Answers the subsets unchanged
     * when they fit.
     */
    static List<Subset> truncate(List<Subset> subsets, int max) {
        int ready = subsets.stream().mapToInt(s -> s.addresses().size()).sum();
        int notReady = subsets.stream().mapToInt(s -> s.notReadyAddresses().size()).sum();
        if (ready + notReady <= max) return subsets;
        boolean truncateReady = ready > max;
        int keep = truncateReady ? max : max - ready;
        int total = truncateReady ? ready : notReady;
        int canBeAdded = keep;
        List<Subset> out = new ArrayList<>();
        for (Subset s : subsets) {
            int inSubset = truncateReady ? s.addresses().size() : s.notReadyAddresses().size();
            int toBeAdded = (int) Math.ceil((double) inSubset / total * keep);
            toBeAdded = Math.min(toBeAdded, canBeAdded);
            if (truncateReady) {
                List<Address> kept = s.addresses().subList(0, Math.min(toBeAdded, s.addresses().size()));
                out.add(new Subset(kept, List.of(), s.ports()));
                canBeAdded -= kept.size();
            } else {
                List<Address> kept = s.notReadyAddresses().subList(0, Math.min(toBeAdded, s.notReadyAddresses().size()));
                out.add(new Subset(s.addresses(), kept, s.ports()));
                canBeAdded -= kept.size();
            }
        }
        return out;
    }

    // ---- to and from the API's objects ----

    static List<Subset> fromApi(List<EndpointSubset> subsets) {
        List<Subset> out = new ArrayList<>();
        if (subsets == null) return out;
        for (EndpointSubset s : subsets) {
            List<Port> ports = new ArrayList<>();
            if (s.getPorts() != null) {
                for (EndpointPort p : s.getPorts()) {
                    ports.add(new Port(Objects.requireNonNullElse(p.getName(), ""), p.getPort() == null ? 0 : p.getPort(),
                            Objects.requireNonNullElse(p.getProtocol(), "TCP"), p.getAppProtocol()));
                }
            }
            out.add(new Subset(addresses(s.getAddresses()), addresses(s.getNotReadyAddresses()), ports));
        }
        return out;
    }

    private static List<Address> addresses(List<EndpointAddress> list) {
        List<Address> out = new ArrayList<>();
        if (list == null) return out;
        for (EndpointAddress a : list) {
            var r = a.getTargetRef();
            out.add(new Address(a.getIp(), emptyToNull(a.getHostname()), emptyToNull(a.getNodeName()),
                    r == null ? null : r.getKind(), r == null ? null : r.getNamespace(), r == null ? null : r.getName(),
                    r == null ? null : r.getUid()));
        }
        return out;
    }

    static List<EndpointSubset> toApi(List<Subset> subsets) {
        List<EndpointSubset> out = new ArrayList<>();
        for (Subset s : subsets) {
            out.add(new EndpointSubsetBuilder().withAddresses(toApiAddresses(s.addresses()))
                    .withNotReadyAddresses(toApiAddresses(s.notReadyAddresses()))
                    .withPorts(s.ports().stream().map(p -> new EndpointPortBuilder().withName(p.name().isEmpty() ? null : p.name())
                            .withPort(p.port()).withProtocol(p.protocol()).withAppProtocol(p.appProtocol()).build()).toList())
                    .build());
        }
        return out;
    }

    private static List<EndpointAddress> toApiAddresses(List<Address> list) {
        return list.stream().map(a -> {
            var b = new EndpointAddressBuilder().withIp(a.ip()).withHostname(a.hostname()).withNodeName(a.nodeName());
            if (a.refKind() != null) {
                b.withTargetRef(new ObjectReferenceBuilder().withKind(a.refKind()).withNamespace(a.refNamespace()).withName(a.refName())
                        .withUid(a.refUid()).build());
            }
            return b.build();
        }).toList();
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
