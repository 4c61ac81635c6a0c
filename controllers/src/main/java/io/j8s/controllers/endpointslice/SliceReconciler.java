package io.j8s.controllers.endpointslice;

import io.j8s.controllers.endpointslice.Slices.Ep;
import io.j8s.controllers.endpointslice.Slices.Port;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's EndpointSlice reconciler ({@code staging/src/k8s.io/endpointslice/reconciler.go}),
 * on values: given a Service's slices and the endpoints it should have, grouped by port set,
 * the fewest creates, updates and deletes that get there. Endpoints stay in the slice they are
 * in (updated there when they changed); new ones first fill slices that are written anyway,
 * then the unchanged slice that they fit best, then new slices; a slice left empty is deleted,
 * or reused for a slice that would be created. A Service with no endpoints keeps one empty
 * placeholder slice.
 */
final class SliceReconciler {

    private SliceReconciler() {}

    /** A slice as it is; {@code owned}: its controller reference names the Service. */
    record Existing(String name, boolean owned, List<Port> ports, List<Ep> endpoints, Map<String, String> labels) {}

    /** A slice as it should be: {@code name} null for one to create. */
    record Desired(String name, List<Port> ports, List<Ep> endpoints) {
        Desired {
            ports = List.copyOf(ports);
            endpoints = List.copyOf(endpoints);
        }
    }

    record Plan(List<Desired> creates, List<Desired> updates, List<String> deletes) {
        boolean isEmpty() {
            return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty();
        }
    }

    /**
     * @param existing the Service's slices (of this address type, not being deleted)
     * @param desired  the endpoints it should have, by sorted port set ({@link Slices#portKey})
     * @param labels   the labels every slice of the Service should carry
     */
    static Plan reconcile(List<Existing> existing, Map<List<Port>, List<Ep>> desired, Map<String, String> labels, int maxPerSlice) {
        List<Desired> creates = new ArrayList<>();
        List<Desired> updates = new ArrayList<>();
        List<Existing> deletes = new ArrayList<>();
        Map<List<Port>, List<Existing>> existingByPorts = new LinkedHashMap<>();
        for (Existing e : existing) {
            if (e.owned()) existingByPorts.computeIfAbsent(Slices.portKey(e.ports()), k -> new ArrayList<>()).add(e);
            else deletes.add(e);
        }
        for (var entry : desired.entrySet()) {
            byPortMapping(entry.getKey(), existingByPorts.getOrDefault(entry.getKey(), List.of()), entry.getValue(), labels, maxPerSlice,
                    creates, updates, deletes);
        }
        for (var entry : existingByPorts.entrySet()) {
            if (!desired.containsKey(entry.getKey())) deletes.addAll(entry.getValue());
        }
        if (existing.size() == deletes.size() && creates.isEmpty()) {
            // No endpoints at all: a placeholder slice, kept if it is already there.
            if (deletes.size() == 1 && isPlaceholder(deletes.getFirst(), labels)) deletes.clear();
            else creates.add(new Desired(null, List.of(), List.of()));
        }
        // Rather than delete one slice and create another, update the first into the second.
        List<String> deleteNames = new ArrayList<>();
        for (Existing d : deletes) {
            if (!creates.isEmpty() && d.owned()) {
                Desired c = creates.removeLast();
                updates.add(new Desired(d.name(), c.ports(), c.endpoints()));
            } else {
                deleteNames.add(d.name());
            }
        }
        return new Plan(List.copyOf(creates), List.copyOf(updates), List.copyOf(deleteNames));
    }

    private static boolean isPlaceholder(Existing e, Map<String, String> labels) {
        return e.owned() && e.ports().isEmpty() && e.endpoints().isEmpty() && e.labels().equals(labels);
    }

    private static void byPortMapping(List<Port> ports, List<Existing> existing, List<Ep> wanted, Map<String, String> labels,
            int max, List<Desired> creates, List<Desired> updates, List<Existing> deletes) {
        Map<String, Ep> desiredSet = new LinkedHashMap<>();
        for (Ep e : wanted) desiredSet.put(e.key(), e);
        Map<String, List<Ep>> contents = new LinkedHashMap<>();
        Map<String, Existing> byName = new LinkedHashMap<>();
        Set<String> unchanged = new LinkedHashSet<>();
        Set<String> toUpdate = new LinkedHashSet<>();

        // 1. Keep the endpoints still wanted where they are, updated in place if they changed.
        for (Existing slice : existing) {
            byName.put(slice.name(), slice);
            List<Ep> kept = new ArrayList<>();
            boolean endpointUpdated = false;
            for (Ep ep : slice.endpoints()) {
                Ep want = desiredSet.remove(ep.key());
                if (want == null) continue;
                kept.add(want);
                if (!want.equals(ep)) endpointUpdated = true;
            }
            boolean labelsChanged = !slice.labels().equals(labels);
            if (endpointUpdated || kept.size() != slice.endpoints().size()) {
                if (kept.isEmpty()) {
                    deletes.add(slice);
                } else {
                    contents.put(slice.name(), kept);
                    toUpdate.add(slice.name());
                }
            } else if (labelsChanged) {
                contents.put(slice.name(), kept);
                toUpdate.add(slice.name());
            } else {
                contents.put(slice.name(), kept);
                unchanged.add(slice.name());
            }
        }
        var remaining = desiredSet.values().iterator();

        // 2. Fill the slices written anyway, fullest first.
        if (remaining.hasNext() && !toUpdate.isEmpty()) {
            List<String> names = new ArrayList<>(toUpdate);
            names.sort(Comparator.comparingInt((String n) -> contents.get(n).size()).reversed());
            for (String n : names) {
                List<Ep> c = contents.get(n);
                while (remaining.hasNext() && c.size() < max) c.add(remaining.next());
            }
        }

        // 3. What is left: into the unchanged slice it fits best, else into new slices.
        List<Ep> left = new ArrayList<>();
        remaining.forEachRemaining(left::add);
        int i = 0;
        while (i < left.size()) {
            int n = left.size() - i;
            String fill = n < max && !unchanged.isEmpty() ? sliceToFill(unchanged, contents, n, max) : null;
            List<Ep> c = fill == null ? new ArrayList<>() : contents.get(fill);
            while (i < left.size() && c.size() < max) c.add(left.get(i++));
            if (fill == null) {
                creates.add(new Desired(null, ports, c));
            } else {
                unchanged.remove(fill);
                toUpdate.add(fill);
            }
        }
        for (String n : toUpdate) updates.add(new Desired(n, ports, contents.get(n)));
    }

    /** Upstream's {@code getSliceToFill}: the unchanged slice that {@code n} more endpoints leave closest to full. */
    static String sliceToFill(Set<String> unchanged, Map<String, List<Ep>> contents, int n, int max) {
        int closest = max;
        String best = null;
        for (String name : unchanged) {
            int diff = max - (n + contents.get(name).size());
            if (diff >= 0 && diff < closest) {
                closest = diff;
                best = name;
                if (diff == 0) break;
            }
        }
        return best;
    }
}
