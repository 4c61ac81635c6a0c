package io.j8s.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's zone-aware pacing of NoExecute tainting ({@code handleDisruption},
 * {@code zoneNoExecuteTainter}): nodes of a zone are tainted at {@code --node-eviction-rate} per
 * second (a burst of one); a zone in partial disruption (more than two nodes and at least
 * {@code --unhealthy-zone-threshold} of them not ready) slows to
 * {@code --secondary-node-eviction-rate} if it is larger than {@code --large-cluster-size-threshold},
 * else stops; when every zone is fully disrupted the controller assumes the problem is its own
 * (a network partition of the control plane) and taints nobody.
 */
final class ZoneEviction {

    enum State { NORMAL, PARTIAL_DISRUPTION, FULL_DISRUPTION }

    /** A token bucket with a burst of one on the injected clock (client-go's token bucket limiter). */
    static final class Bucket {
        private double qps;
        private double tokens;
        private Instant last;

        Bucket(double qps, Instant now) {
            this.qps = qps;
            this.tokens = qps > 0 ? 1 : 0;
            this.last = now;
        }

        /** As upstream's {@code SwapLimiter}: a new rate is a new, full bucket; a rate of zero never accepts. */
        void setQps(double qps, Instant now) {
            if (qps == this.qps) return;
            this.qps = qps;
            this.tokens = qps > 0 ? 1 : 0;
            this.last = now;
        }

        boolean tryAccept(Instant now) {
            refill(now);
            if (tokens < 1) return false;
            tokens -= 1;
            return true;
        }

        private void refill(Instant now) {
            double seconds = Duration.between(last, now).toNanos() / 1e9;
            if (seconds > 0) tokens = Math.min(1, tokens + seconds * qps);
            last = now;
        }
    }

    private final Clock clock;
    private final double evictionRate;
    private final double secondaryEvictionRate;
    private final int largeClusterThreshold;
    private final double unhealthyZoneThreshold;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** Nodes waiting for their NoExecute taint, by zone, in the order they failed. */
    private final Map<String, Set<String>> pending = new ConcurrentHashMap<>();
    private volatile boolean allDisrupted;

    ZoneEviction(Clock clock, double evictionRate, double secondaryEvictionRate, int largeClusterThreshold, double unhealthyZoneThreshold) {
        this.clock = clock;
        this.evictionRate = evictionRate;
        this.secondaryEvictionRate = secondaryEvictionRate;
        this.largeClusterThreshold = largeClusterThreshold;
        this.unhealthyZoneThreshold = unhealthyZoneThreshold;
    }

    /** Upstream's {@code GetZoneKey}: region and zone labels, empty for a node with neither. */
    static String zone(Node node) {
        Map<String, String> l = node.getMetadata().getLabels();
        if (l == null) return "";
        String region = l.getOrDefault("topology.kubernetes.io/region", l.getOrDefault("failure-domain.beta.kubernetes.io/region", ""));
        String zone = l.getOrDefault("topology.kubernetes.io/zone", l.getOrDefault("failure-domain.beta.kubernetes.io/zone", ""));
        return region.isEmpty() && zone.isEmpty() ? "" : region + ":\u0000:" + zone;
    }

    /** Upstream's {@code ComputeZoneState} over the Ready statuses of a zone's nodes. */
    State computeZoneState(int ready, int notReady) {
        if (ready == 0 && notReady > 0) return State.FULL_DISRUPTION;
        if (notReady > 2 && (double) notReady / (notReady + ready) >= unhealthyZoneThreshold) return State.PARTIAL_DISRUPTION;
        return State.NORMAL;
    }

    /**
     * Sets each zone's rate from its state ({@code zones}: zone → [ready, not ready]); answers
     * whether every zone is fully disrupted, when nobody may be tainted.
     */
    boolean handleDisruption(Map<String, int[]> zones) {
        Instant now = clock.instant();
        boolean all = !zones.isEmpty();
        for (var e : zones.entrySet()) {
            State s = computeZoneState(e.getValue()[0], e.getValue()[1]);
            if (s != State.FULL_DISRUPTION) all = false;
            int size = e.getValue()[0] + e.getValue()[1];
            double qps = switch (s) {
                case NORMAL, FULL_DISRUPTION -> evictionRate;
                case PARTIAL_DISRUPTION -> size > largeClusterThreshold ? secondaryEvictionRate : 0;
            };
            buckets.computeIfAbsent(e.getKey(), z -> new Bucket(qps, now)).setQps(qps, now);
        }
        buckets.keySet().retainAll(zones.keySet());
        pending.keySet().retainAll(zones.keySet());
        allDisrupted = all;
        return all;
    }

    boolean allDisrupted() {
        return allDisrupted;
    }

    void add(String zone, String node) {
        pending.computeIfAbsent(zone, z -> java.util.Collections.synchronizedSet(new LinkedHashSet<>())).add(node);
    }

    void remove(String node) {
        pending.values().forEach(s -> s.remove(node));
    }

    /** The nodes whose turn has come, taken off the pending sets. */
    java.util.List<String> due() {
        Instant now = clock.instant();
        java.util.List<String> out = new java.util.ArrayList<>();
        for (var e : pending.entrySet()) {
            Bucket b = buckets.get(e.getKey());
            if (b == null) continue;
            synchronized (e.getValue()) {
                var it = e.getValue().iterator();
                while (it.hasNext() && b.tryAccept(now)) {
                    out.add(it.next());
                    it.remove();
                }
            }
        }
        return out;
    }
}
