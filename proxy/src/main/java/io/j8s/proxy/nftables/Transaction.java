package io.j8s.proxy.nftables;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes one {@code nft -f -} transaction taking the table from {@code before} to {@code after}
 * (service key → its objects). Three kinds:
 * <ul>
 *   <li>{@link Kind#REPLACE}: the table is deleted and written whole (the first sync, and after a
 *       failed one: nothing in the kernel is assumed);</li>
 *   <li>{@link Kind#FULL}: every chain is flushed and rewritten and every map refilled, stale objects
 *       deleted, session-affinity sets kept with their entries (the periodic resync);</li>
 *   <li>{@link Kind#PARTIAL}: only the chains, sets and elements of the given services that differ.</li>
 * </ul>
 * Order matters within the transaction: chains exist before anything jumps to them, and an object
 * is deleted only after every rule and element referring to it is gone.
 */
final class Transaction {

    enum Kind { REPLACE, FULL, PARTIAL }

    private Transaction() {
    }

    static String write(String table, Kind kind, Map<String, ServiceRules> before, Map<String, ServiceRules> after) {
        String t = "ip " + table;
        if (kind == Kind.REPLACE) before = Map.of();
        Map<String, List<String>> oldChains = new TreeMap<>();
        Map<String, String> oldSets = new TreeMap<>();
        Set<ServiceRules.Element> oldElements = new TreeSet<>();
        before.values().forEach(r -> {
            oldChains.putAll(r.chains());
            oldSets.putAll(r.sets());
            oldElements.addAll(r.elements());
        });
        Map<String, List<String>> newChains = new TreeMap<>();
        Map<String, String> newSets = new TreeMap<>();
        Set<ServiceRules.Element> newElements = new TreeSet<>();
        after.values().forEach(r -> {
            newChains.putAll(r.chains());
            newSets.putAll(r.sets());
            newElements.addAll(r.elements());
        });

        List<String> out = new ArrayList<>();
        if (kind == Kind.REPLACE) {
            out.add("add table " + t);
            out.add("delete table " + t);
        }
        if (kind != Kind.PARTIAL) {
            out.add("add table " + t + " { comment \"rules for j8s kube-proxy\" ; }");
            for (var c : Tables.BASE_CHAINS) out.add("add chain " + t + " " + c.name() + (c.hook().isEmpty() ? "" : " " + c.hook()));
            for (String m : Tables.MAPS) out.add("add map " + t + " " + m + " " + Tables.mapType(m));
            out.add("add set " + t + " " + Tables.CLUSTER_IPS + " { type ipv4_addr ; }");
        }
        for (String c : newChains.keySet()) {
            if (!oldChains.containsKey(c)) out.add("add chain " + t + " " + c);
        }
        // A set redefined (its timeout changed) is deleted and added: the rules using it go first.
        Set<String> redefined = new TreeSet<>();
        oldSets.forEach((name, def) -> {
            if (!def.equals(newSets.getOrDefault(name, def))) redefined.add(name);
        });
        Set<String> rewritten = new LinkedHashSet<>();
        for (var e : newChains.entrySet()) {
            if (!oldChains.containsKey(e.getKey())) {
                rewritten.add(e.getKey());
            } else if (kind == Kind.FULL || !oldChains.get(e.getKey()).equals(e.getValue()) || uses(e.getValue(), redefined)) {
                out.add("flush chain " + t + " " + e.getKey());
                rewritten.add(e.getKey());
            }
        }
        Set<String> staleChains = new TreeSet<>(oldChains.keySet());
        staleChains.removeAll(newChains.keySet());
        for (String c : staleChains) out.add("flush chain " + t + " " + c);
        if (kind == Kind.FULL) {
            for (var c : Tables.BASE_CHAINS) out.add("flush chain " + t + " " + c.name());
            for (String m : Tables.MAPS) out.add("flush map " + t + " " + m);
            out.add("flush set " + t + " " + Tables.CLUSTER_IPS);
        } else if (kind == Kind.PARTIAL) {
            for (var el : oldElements) {
                if (!newElements.contains(el)) out.add("delete element " + t + " " + el.map() + " { " + el.key() + " }");
            }
        }
        for (var e : oldSets.entrySet()) {
            if (!Objects.equals(newSets.get(e.getKey()), e.getValue())) out.add("delete set " + t + " " + e.getKey());
        }
        for (var e : newSets.entrySet()) {
            if (kind == Kind.FULL || !e.getValue().equals(oldSets.get(e.getKey()))) {
                out.add("add set " + t + " " + e.getKey() + " " + e.getValue());
            }
        }
        if (kind != Kind.PARTIAL) {
            for (var c : Tables.BASE_CHAINS) {
                for (String r : c.rules()) out.add("add rule " + t + " " + c.name() + " " + r);
            }
        }
        for (String c : rewritten) {
            for (String r : newChains.get(c)) out.add("add rule " + t + " " + c + " " + r);
        }
        for (var el : newElements) {
            if (kind != Kind.PARTIAL || !oldElements.contains(el)) {
                out.add("add element " + t + " " + el.map() + " { " + el.key() + (el.value().isEmpty() ? "" : " : " + el.value()) + " }");
            }
        }
        for (String c : staleChains) out.add("delete chain " + t + " " + c);
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }

    private static boolean uses(List<String> rules, Set<String> sets) {
        if (sets.isEmpty()) return false;
        for (String r : rules) {
            for (String s : sets) {
                if (r.contains("@" + s + " ")) return true;
            }
        }
        return false;
    }
}
