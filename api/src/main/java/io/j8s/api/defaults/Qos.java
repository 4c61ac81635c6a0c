package io.j8s.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Quantity;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A pod's quality-of-service class, as upstream's {@code ComputePodQOS}: only cpu and memory count. */
final class Qos {

    private Qos() {}

    private static final Set<String> COMPUTE = Set.of("cpu", "memory");

    static String of(JsonNode spec) {
        Map<String, Quantity> requests = new HashMap<>();
        Map<String, Quantity> limits = new HashMap<>();
        boolean guaranteed = true;
        for (String list : List.of("containers", "initContainers")) {
            for (ObjectNode c : Nodes.objects(spec, list)) {
                add(c.path("resources").path("requests"), requests, null);
                Set<String> limitsFound = new HashSet<>();
                add(c.path("resources").path("limits"), limits, limitsFound);
                if (!limitsFound.containsAll(COMPUTE)) guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) return "BestEffort";
        if (guaranteed) {
            for (Map.Entry<String, Quantity> r : requests.entrySet()) {
                Quantity l = limits.get(r.getKey());
                if (l == null || l.compareTo(r.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    /** Sums the positive cpu/memory quantities of one resource list into {@code into}. */
    private static void add(JsonNode list, Map<String, Quantity> into, Set<String> found) {
        if (!list.isObject()) return;
        list.properties().forEach(e -> {
            if (!COMPUTE.contains(e.getKey())) return;
            Quantity q = Quantity.parseOrNull(e.getValue().asText());
            if (q == null || q.signum() <= 0) return;
            if (found != null) found.add(e.getKey());
            into.merge(e.getKey(), q, Quantity::plus);
        });
    }
}
