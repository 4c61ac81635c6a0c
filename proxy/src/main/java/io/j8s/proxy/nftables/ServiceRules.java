package io.j8s.proxy.nftables;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one Service owns in the table: its chains (name → rules), its session-affinity sets
 * (name → definition), and its elements of the shared maps. Incremental syncs diff these per
 * service; chain names carry the service's name, so no two services share an object.
 */
record ServiceRules(Map<String, List<String>> chains, Map<String, String> sets, Set<Element> elements) {

    static final ServiceRules NONE = new ServiceRules(Map.of(), Map.of(), Set.of());

    ServiceRules {
        chains = Map.copyOf(chains);
        sets = Map.copyOf(sets);
        elements = Set.copyOf(elements);
    }

    /** One element of a verdict map ({@code key : value}) or of a set ({@code key}, value ""). */
    record Element(String map, String key, String value) implements Comparable<Element> {
        @Override
        public int compareTo(Element o) {
            int c = map.compareTo(o.map);
            if (c != 0) return c;
            c = key.compareTo(o.key);
            return c != 0 ? c : value.compareTo(o.value);
        }
    }

    int ruleCount() {
        return chains.values().stream().mapToInt(List::size).sum();
    }
}
