package io.j8s.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes grouped by zone (region and zone labels), listed round-robin across zones, as
 * upstream's nodeTree: when only some nodes are filtered (percentageOfNodesToScore), every zone
 * still gets its share. Not thread-safe; the cache guards it.
 */
final class NodeTree {

    static final String REGION = "topology.kubernetes.io/region";
    static final String ZONE = "topology.kubernetes.io/zone";

    private final Map<String, List<String>> byZone = new LinkedHashMap<>();
    private final Map<String, String> zoneOf = new LinkedHashMap<>();
    private List<String> ordered;

    static String zoneKey(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null) return "";
        String region = labels.getOrDefault(REGION, "");
        String zone = labels.getOrDefault(ZONE, "");
        return region.isEmpty() && zone.isEmpty() ? "" : region + ":\u0000:" + zone;
    }

    void add(Node node) {
        String name = node.getMetadata().getName();
        String zone = zoneKey(node);
        String old = zoneOf.get(name);
        if (zone.equals(old)) return;
        if (old != null) remove(name);
        byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(name);
        zoneOf.put(name, zone);
        ordered = null;
    }

    void remove(String name) {
        String zone = zoneOf.remove(name);
        if (zone == null) return;
        List<String> names = byZone.get(zone);
        names.remove(name);
        if (names.isEmpty()) byZone.remove(zone);
        ordered = null;
    }

    int size() {
        return zoneOf.size();
    }

    /** All node names: the first of each zone, then the second of each, and so on. */
    List<String> list() {
        if (ordered == null) {
            List<String> out = new ArrayList<>(zoneOf.size());
            List<List<String>> zones = new ArrayList<>(byZone.values());
            for (int i = 0; out.size() < zoneOf.size(); i++) {
                for (List<String> z : zones) {
                    if (i < z.size()) out.add(z.get(i));
                }
            }
            ordered = List.copyOf(out);
        }
        return ordered;
    }
}
