package io.j8s.apiserver.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.apiserver.registry.Codec;
import io.j8s.store.KeyValue;
import io.j8s.store.RangeRequest;
import io.j8s.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's cluster IP and node port repair controllers ({@code ipallocator/controller/repair.go},
 * {@code portallocator/controller/repair.go}): the stored allocations are rebuilt from the stored
 * Services, once before the API server serves and then every interval. An address a Service holds
 * but the record lacks is put back (so a restart never hands it out twice); an address the record
 * holds that no Service has is a leak, kept for {@value #REPAIRS_BEFORE_LEAK_CLEANUP} passes and
 * then released: a create on another API server may have allocated it a moment before storing
 * its Service, and that Service would show up by then.
 *
 * <p>The record is read before the Services are listed and written back with a compare-and-swap,
 * so an allocation made in between is never lost: the write fails and the pass is tried again.
 */
public final class Repair {

    private static final Logger log = LoggerFactory.getLogger(Repair.class);

    static final int REPAIRS_BEFORE_LEAK_CLEANUP = 3;
    private static final String SERVICES = "/registry/core/services/";

    /** Where the repair's findings about a Service go: upstream records a Warning Event on it. */
    @FunctionalInterface
    public interface Recorder {
        Recorder NONE = (svc, component, reason, action, message) -> { };

        void warn(ObjectNode service, String component, String reason, String action, String message);
    }

    private final Store store;
    private final ServiceAllocator allocator;
    private final Recorder recorder;
    /** Leaked items, by item, with the passes left before they are released. Guarded by {@code this}. */
    private final Map<Integer, Integer> ipLeaks = new HashMap<>();
    private final Map<Integer, Integer> portLeaks = new HashMap<>();

    public Repair(Store store, ServiceAllocator allocator) {
        this(store, allocator, Recorder.NONE);
    }

    public Repair(Store store, ServiceAllocator allocator, Recorder recorder) {
        this.store = store;
        this.allocator = allocator;
        this.recorder = recorder;
    }

    /** One pass over both ranges, retried while a concurrent allocation moves the records under it. */
    public synchronized void runOnce() {
        for (int attempt = 0; ; attempt++) {
            if (repair(allocator.clusterIps, clusterIpItems(), ipLeaks, "cluster IP")
                    && repair(allocator.nodePorts, nodePortItems(), portLeaks, "node port")) {
                return;
            }
            if (attempt >= 20) throw new IllegalStateException("the service allocations changed under 20 repairs in a row");
        }
    }

    /** How a range names its items, and which items a Service holds. */
    private interface Items {
        /** The items {@code spec} holds, with their printable names; an item of -1 is out of range. */
        Map<String, Integer> of(JsonNode spec);

        String name(int item);

        String outOfRange();

        /** Upstream's event: component, reason prefix, action, and how the value reads in a message. */
        String component();

        String reasonPrefix();

        String action();

        String label(String value);

        String outOfRangeEvent();
    }

    private Items clusterIpItems() {
        IpRange r = allocator.ipRange();
        return new Items() {
            public Map<String, Integer> of(JsonNode spec) {
                if (!Services.holdsClusterIp(spec)) return Map.of();
                String ip = Services.clusterIp(spec);
                return Map.of(ip, r.offsetOf(ip));
            }

            public String name(int item) {
                return r.ipAt(item);
            }

            public String outOfRange() {
                return "is not within the service CIDR " + r;
            }

            public String component() {
                return "ipallocator-repair-controller";
            }

            public String reasonPrefix() {
                return "ClusterIP";
            }

            public String action() {
                return "ClusterIPAllocation";
            }

            public String label(String value) {
                return "Cluster IP [IPv4]: " + value;
            }

            public String outOfRangeEvent() {
                return "is not within the configured Service CIDR " + r;
            }
        };
    }

    private Items nodePortItems() {
        PortRange r = allocator.portRange();
        return new Items() {
            public Map<String, Integer> of(JsonNode spec) {
                Map<String, Integer> out = new LinkedHashMap<>();
                for (long p : Services.nodePorts(spec)) out.put(Long.toString(p), r.offsetOf(p));
                long hc = spec.path("healthCheckNodePort").asLong(0);
                if (hc != 0) out.put(Long.toString(hc), r.offsetOf(hc));
                return out;
            }

            public String name(int item) {
                return Integer.toString(r.base() + item);
            }

            public String outOfRange() {
                return "is not within the port range " + r;
            }

            public String component() {
                return "portallocator-repair-controller";
            }

            public String reasonPrefix() {
                return "Port";
            }

            public String action() {
                return "PortAllocation";
            }

            public String label(String value) {
                return "Port " + value;
            }

            public String outOfRangeEvent() {
                return "is not within the port range " + r;
            }
        };
    }

    /** One range: true when the record now matches the Services (written or already so). */
    private boolean repair(StoredRange range, Items items, Map<Integer, Integer> leaks, String what) {
        StoredRange.Snapshot stored = range.read();
        if (stored.storedRange() != null && !range.matches(stored)) {
            log.warn("The stored {} allocations were for another range ({}); rebuilding them from the Services", what, stored.storedRange());
        }
        AllocationBitmap rebuilt = new AllocationBitmap(stored.bitmap().size(), stored.bitmap().offset());
        for (ObjectNode svc : services()) {
            String id = svc.path("metadata").path("namespace").asText() + "/" + svc.path("metadata").path("name").asText();
            for (Map.Entry<String, Integer> e : items.of(svc.path("spec")).entrySet()) {
                int item = e.getValue();
                String label = items.label(e.getKey());
                if (item < 0) {
                    log.warn("the {} {} for service {} {}; please recreate", what, e.getKey(), id, items.outOfRange());
                    warn(svc, items, "OutOfRange", label + " " + items.outOfRangeEvent() + "; please recreate service");
                } else if (rebuilt.has(item)) {
                    log.warn("the {} {} for service {} was assigned to multiple services; please recreate", what, e.getKey(), id);
                    warn(svc, items, "AlreadyAllocated", label + " was assigned to multiple services; please recreate service");
                } else {
                    if (!stored.bitmap().has(item)) {
                        log.info("the {} {} for service {} is not allocated; repairing", what, e.getKey(), id);
                        warn(svc, items, "NotAllocated", label + " is not allocated; repairing");
                    }
                    rebuilt.allocate(item);
                }
            }
        }
        leaks.keySet().removeIf(rebuilt::has);
        List<Integer> leaked = new ArrayList<>();
        stored.bitmap().forEach(i -> {
            if (!rebuilt.has(i)) leaked.add(i);
        });
        for (int i : leaked) {
            Integer left = leaks.get(i);
            if (left == null) {
                log.info("the {} {} may have leaked: flagging for later clean up", what, items.name(i));
                left = REPAIRS_BEFORE_LEAK_CLEANUP - 1;
            }
            if (left > 0) {
                leaks.put(i, left - 1);
                rebuilt.allocate(i);
            } else {
                log.info("the {} {} appears to have leaked: cleaning up", what, items.name(i));
                leaks.remove(i);
            }
        }
        if (stored.modRevision() != 0 && range.matches(stored) && rebuilt.sameItems(stored.bitmap())) return true;
        return range.write(rebuilt, stored.modRevision());
    }

    private void warn(ObjectNode svc, Items items, String reason, String message) {
        try {
            recorder.warn(svc, items.component(), items.reasonPrefix() + reason, items.action(), message);
        } catch (RuntimeException e) {
            log.debug("Recording the event failed: {}", e.toString());
        }
    }

    private List<ObjectNode> services() {
        List<ObjectNode> out = new ArrayList<>();
        for (KeyValue kv : store.range(RangeRequest.prefix(SERVICES)).kvs()) out.add(Codec.decode(kv));
        return out;
    }
}
