package io.j8s.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.controllers.runtime.WorkQueue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's {@code EndpointSliceTracker}: the slices a controller wrote, by Service, so that a
 * sync does not act on a cache that has not yet seen its own writes (it would create a second
 * slice for the same endpoints), and so that the informer's echo of its own write does not
 * trigger another sync. Upstream compares {@code metadata.generation}; j8s' API server does not
 * count generations of EndpointSlices, so the resourceVersion (the store's revision, which only
 * grows) stands in.
 */
public final class SliceTracker {

    /** resourceVersion of a slice deleted by us and maybe still in the cache. */
    private static final long DELETED = -1;

    private final Map<String, Map<String, Long>> byService = new ConcurrentHashMap<>();

    /** Records a slice as this controller wrote it (the API's answer to a create or update). */
    public void update(String serviceKey, EndpointSlice slice) {
        byService.computeIfAbsent(serviceKey, k -> new ConcurrentHashMap<>()).put(slice.getMetadata().getUid(), rv(slice));
    }

    /** Deletes a slice of the Service (gone already is fine) and expects its deletion in the cache. */
    public void delete(EndpointSliceController.SliceClient client, String serviceKey, EndpointSlice slice) {
        try {
            client.delete(slice.getMetadata().getNamespace(), slice.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) throw e;
        }
        expectDeletion(serviceKey, slice);
    }

    public void expectDeletion(String serviceKey, EndpointSlice slice) {
        byService.computeIfAbsent(serviceKey, k -> new ConcurrentHashMap<>()).put(slice.getMetadata().getUid(), DELETED);
    }

    public void deleteService(String serviceKey) {
        byService.remove(serviceKey);
    }

    /**
     * The slice informer's handler of a controller whose slices carry {@code managedBy}: a change
     * queues the slice's Service, unless it is the echo of this controller's own write; a slice
     * relabelled away from a Service queues that Service too.
     */
    public ResourceEventHandler<EndpointSlice> handler(String managedBy, WorkQueue queue) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(EndpointSlice s) {
                String key = serviceKey(s, managedBy);
                if (key != null && shouldSync(key, s)) queue.add(key);
            }

            @Override
            public void onUpdate(EndpointSlice old, EndpointSlice cur) {
                String oldKey = serviceKey(old, managedBy);
                String key = serviceKey(cur, managedBy);
                if (oldKey != null && !oldKey.equals(key)) queue.add(oldKey);
                if (key != null && shouldSync(key, cur)) queue.add(key);
            }

            @Override
            public void onDelete(EndpointSlice s, boolean unknown) {
                String key = serviceKey(s, managedBy);
                if (key != null && !handleDeletion(key, s)) queue.add(key);
            }
        };
    }

    /** The key of the Service a slice managed by {@code managedBy} belongs to, or null. */
    static String serviceKey(EndpointSlice s, String managedBy) {
        Map<String, String> l = Slices.labelsOf(s);
        String svc = l.get(Slices.SERVICE_NAME_LABEL);
        if (svc == null || !managedBy.equals(l.get(Slices.MANAGED_BY_LABEL))) return null;
        return s.getMetadata().getNamespace() + "/" + svc;
    }

    /**
     * Whether the cache's {@code slices} of the Service are behind what this controller wrote:
     * one it deleted is still there, one it wrote is missing or older.
     */
    public boolean stale(String serviceKey, List<EndpointSlice> slices) {
        Map<String, Long> tracked = byService.get(serviceKey);
        if (tracked == null) return false;
        Map<String, Long> cached = new HashMap<>();
        for (EndpointSlice s : slices) cached.put(s.getMetadata().getUid(), rv(s));
        for (var e : tracked.entrySet()) {
            Long have = cached.get(e.getKey());
            if (e.getValue() == DELETED) {
                if (have != null) return true;
            } else if (have == null || have < e.getValue()) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's {@code ShouldSync}: false for the informer's echo of this controller's own write. */
    public boolean shouldSync(String serviceKey, EndpointSlice slice) {
        Map<String, Long> tracked = byService.get(serviceKey);
        Long rv = tracked == null ? null : tracked.get(slice.getMetadata().getUid());
        return rv == null || rv == DELETED || rv(slice) > rv;
    }

    /** A slice's deletion seen: answers whether it was one this controller expected (no sync needed then). */
    public boolean handleDeletion(String serviceKey, EndpointSlice slice) {
        Map<String, Long> tracked = byService.get(serviceKey);
        if (tracked == null) return false;
        Long rv = tracked.remove(slice.getMetadata().getUid());
        return rv != null && rv == DELETED;
    }

    private static long rv(EndpointSlice s) {
        try {
            return Long.parseLong(s.getMetadata().getResourceVersion());
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
