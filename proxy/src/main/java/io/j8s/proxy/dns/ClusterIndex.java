package io.j8s.proxy.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The cluster zone in memory, rebuilt one Service at a time from informer events: what CoreDNS's
 * kubernetes plugin keeps in its dnsController caches, but already turned into records so the
 * query path is one hash lookup and no API call.
 *
 * <p>Writers (the informers' handler threads) are serialized by this object's monitor; readers take
 * no lock. Invariant: {@code names} maps every name some Service owns to the union of their
 * records, and {@code nonTerminals} counts, for every name inside the zone between an owned name and
 * the apex, how many owned names lie below it (so {@code ns.svc.cluster.local} answers NODATA while
 * a Service of {@code ns} exists, and NXDOMAIN after).
 */
final class ClusterIndex {

    /** The records at one name, by the Service that owns them ({@code ns/name}). */
    private record Owned(Map<String, List<Record>> byService, List<Record> all) {
        static Owned of(Map<String, List<Record>> byService) {
            List<Record> all = new ArrayList<>();
            byService.values().forEach(all::addAll);
            return new Owned(Map.copyOf(byService), List.copyOf(all));
        }
    }

    private final Name zone;
    private final long ttl;

    // Guarded by this.
    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, Map<String, EndpointSlice>> slicesByService = new HashMap<>();
    private final Map<String, String> sliceOwner = new HashMap<>();
    private final Map<String, Map<Name, List<Record>>> published = new HashMap<>();

    // Read without a lock.
    private final ConcurrentHashMap<Name, Owned> names = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Name, Integer> nonTerminals = new ConcurrentHashMap<>();
    private volatile long serial;

    ClusterIndex(Name zone, long ttl) {
        this.zone = zone;
        this.ttl = ttl;
        this.serial = System.currentTimeMillis() / 1000;
    }

    Name zone() {
        return zone;
    }

    long ttl() {
        return ttl;
    }

    /** The SOA serial: the time of the last change, in seconds (as CoreDNS's kubernetes plugin). */
    long serial() {
        return serial;
    }

    /** Records at {@code name}: null when nothing is there, empty when the name exists without data. */
    List<Record> lookup(Name name) {
        Owned o = names.get(name);
        if (o != null) return o.all();
        return nonTerminals.containsKey(name) ? List.of() : null;
    }

    synchronized int services() {
        return services.size();
    }

    synchronized void putService(Service svc) {
        String key = key(svc.getMetadata().getNamespace(), svc.getMetadata().getName());
        services.put(key, svc);
        rebuild(key);
    }

    synchronized void deleteService(Service svc) {
        String key = key(svc.getMetadata().getNamespace(), svc.getMetadata().getName());
        services.remove(key);
        rebuild(key);
    }

    synchronized void putSlice(EndpointSlice slice) {
        String sliceKey = key(slice.getMetadata().getNamespace(), slice.getMetadata().getName());
        String old = sliceOwner.remove(sliceKey);
        if (old != null) {
            removeSlice(old, sliceKey);
            rebuild(old);
        }
        String svcName = slice.getMetadata().getLabels() == null ? null : slice.getMetadata().getLabels().get("kubernetes.io/service-name");
        if (svcName == null || svcName.isEmpty()) return;
        String owner = key(slice.getMetadata().getNamespace(), svcName);
        sliceOwner.put(sliceKey, owner);
        slicesByService.computeIfAbsent(owner, k -> new LinkedHashMap<>()).put(sliceKey, slice);
        rebuild(owner);
    }

    synchronized void deleteSlice(EndpointSlice slice) {
        String sliceKey = key(slice.getMetadata().getNamespace(), slice.getMetadata().getName());
        String owner = sliceOwner.remove(sliceKey);
        if (owner == null) return;
        removeSlice(owner, sliceKey);
        rebuild(owner);
    }

    private void removeSlice(String owner, String sliceKey) {
        Map<String, EndpointSlice> slices = slicesByService.get(owner);
        if (slices == null) return;
        slices.remove(sliceKey);
        if (slices.isEmpty()) slicesByService.remove(owner);
    }

    /** Recomputes one Service's records and swaps them in; a no-op when they did not change. */
    private void rebuild(String key) {
        Service svc = services.get(key);
        Map<Name, List<Record>> want = svc == null ? Map.of()
                : ServiceRecords.build(svc, slicesByService.getOrDefault(key, Map.of()).values(), zone, ttl);
        Map<Name, List<Record>> had = published.getOrDefault(key, Map.of());
        if (want.equals(had)) return;
        for (Name n : had.keySet()) {
            if (!want.containsKey(n)) unpublish(key, n);
        }
        for (Map.Entry<Name, List<Record>> e : want.entrySet()) {
            if (!e.getValue().equals(had.get(e.getKey()))) publish(key, e.getKey(), e.getValue(), !had.containsKey(e.getKey()));
        }
        if (want.isEmpty()) published.remove(key);
        else published.put(key, want);
        serial = Math.max(serial + 1, System.currentTimeMillis() / 1000);
    }

    private void publish(String key, Name name, List<Record> records, boolean isNew) {
        Owned o = names.get(name);
        Map<String, List<Record>> by = new LinkedHashMap<>(o == null ? Map.of() : o.byService());
        by.put(key, List.copyOf(records));
        names.put(name, Owned.of(by));
        if (isNew) countAncestors(name, +1);
    }

    private void unpublish(String key, Name name) {
        Owned o = names.get(name);
        if (o == null) return;
        Map<String, List<Record>> by = new LinkedHashMap<>(o.byService());
        by.remove(key);
        if (by.isEmpty()) names.remove(name);
        else names.put(name, Owned.of(by));
        countAncestors(name, -1);
    }

    /** Counts {@code name}'s ancestors inside the zone, apex excluded (it always exists). */
    private void countAncestors(Name name, int delta) {
        if (!name.subdomain(zone)) return;
        for (int drop = 1; drop < name.labels() - zone.labels(); drop++) {
            Name ancestor = new Name(name, drop);
            nonTerminals.merge(ancestor, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
