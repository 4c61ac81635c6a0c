package io.j8s.controllers.endpointslicemirroring;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.j8s.controllers.endpointslice.Slices;
import io.j8s.controllers.endpointslice.Slices.Ep;
import io.j8s.controllers.endpointslice.Slices.Port;
import io.j8s.controllers.endpointslice.Slices.Ref;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's mirroring reconciler ({@code pkg/controller/endpointslicemirroring/reconciler.go}),
 * on values: an Endpoints object's subsets as slices, one per address type and port set (at
 * most {@code maxPerSubset} addresses of each subset, ready ones first), and what to create,
 * update and delete to get there from the slices mirrored so far.
 */
final class MirroringReconciler {

    private MirroringReconciler() {}

    /** A group of endpoints sharing an address type and a port set. */
    record Group(String addressType, List<Port> ports) {}

    /** A mirrored slice as it is. */
    record Existing(String name, Group group, List<Ep> endpoints, Map<String, String> labels, Map<String, String> annotations) {}

    record Plan(List<Map.Entry<Group, List<Ep>>> creates, Map<String, List<Ep>> updates, List<String> deletes) {
        boolean isEmpty() {
            return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty();
        }
    }

    /** The endpoints the subsets ask for, by group; addresses that are no IP are skipped. */
    static Map<Group, List<Ep>> desired(List<EndpointSubset> subsets, int maxPerSubset) {
        Map<Group, Map<String, Ep>> byGroup = new LinkedHashMap<>();
        for (EndpointSubset s : subsets == null ? List.<EndpointSubset>of() : subsets) {
            List<Port> ports = new ArrayList<>();
            for (EndpointPort p : s.getPorts() == null ? List.<EndpointPort>of() : s.getPorts()) {
                ports.add(new Port(p.getName(), p.getPort(), p.getProtocol(), p.getAppProtocol()));
            }
            List<Port> key = Slices.portKey(ports);
            int taken = 0;
            for (boolean ready : new boolean[] {true, false}) {
                List<EndpointAddress> addresses = ready ? s.getAddresses() : s.getNotReadyAddresses();
                for (EndpointAddress a : addresses == null ? List.<EndpointAddress>of() : addresses) {
                    if (taken >= maxPerSubset) break;
                    String type = addressType(a.getIp());
                    if (type == null) continue;
                    taken++;
                    Ep ep = endpoint(a, ready);
                    byGroup.computeIfAbsent(new Group(type, key), k -> new LinkedHashMap<>()).putIfAbsent(ep.key(), ep);
                }
            }
        }
        Map<Group, List<Ep>> out = new LinkedHashMap<>();
        byGroup.forEach((g, eps) -> out.put(g, List.copyOf(eps.values())));
        return out;
    }

    /** Upstream's {@code addressToEndpoint}: only the ready condition is mirrored. */
    static Ep endpoint(EndpointAddress a, boolean ready) {
        var r = a.getTargetRef();
        return new Ep(a.getIp(), ready, null, null, emptyToNull(a.getHostname()), emptyToNull(a.getNodeName()), null,
                r == null ? null : new Ref(r.getKind(), r.getNamespace(), r.getName(), r.getUid()));
    }

    static String addressType(String ip) {
        if (ip == null || ip.isEmpty()) return null;
        if (ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) return "IPv4";
        if (ip.contains(":") && ip.matches("[0-9a-fA-F:.]+")) return "IPv6";
        return null;
    }

    /**
     * One slice per group: the first existing one of a group is updated if its endpoints, labels
     * or annotations differ, the others of the group and those of groups no longer wanted are
     * deleted, missing groups are created.
     */
    static Plan reconcile(List<Existing> existing, Map<Group, List<Ep>> desired, Map<String, String> labels, Map<String, String> annotations) {
        List<Map.Entry<Group, List<Ep>>> creates = new ArrayList<>();
        Map<String, List<Ep>> updates = new LinkedHashMap<>();
        List<String> deletes = new ArrayList<>();
        Map<Group, List<Existing>> byGroup = new LinkedHashMap<>();
        for (Existing e : existing) byGroup.computeIfAbsent(e.group(), k -> new ArrayList<>()).add(e);
        for (var d : desired.entrySet()) {
            List<Existing> have = byGroup.getOrDefault(d.getKey(), List.of());
            if (have.isEmpty()) {
                creates.add(Map.entry(d.getKey(), d.getValue()));
                continue;
            }
            Existing first = have.getFirst();
            if (!first.endpoints().equals(d.getValue()) || !first.labels().equals(labels) || !first.annotations().equals(annotations)) {
                updates.put(first.name(), d.getValue());
            }
            for (int i = 1; i < have.size(); i++) deletes.add(have.get(i).name());
        }
        for (var e : byGroup.entrySet()) {
            if (!desired.containsKey(e.getKey())) e.getValue().forEach(x -> deletes.add(x.name()));
        }
        return new Plan(creates, updates, deletes);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
