package io.j8s.controllers;

import io.j8s.controllers.runtime.LeaderElection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * kube-controller-manager's flags, with upstream's names and defaults where the concept is the
 * same.
 *
 * @param controllers    {@code --controllers}: {@code *} for those on by default, {@code name} to
 *                       turn one on, {@code -name} to turn one off
 * @param leaderElect    {@code --leader-elect}: campaign for the {@code kube-system/kube-controller-manager} Lease first
 * @param leaderElection its lease duration, renew deadline and retry period
 * @param concurrentSyncs workers of a controller without a count of its own
 * @param concurrentSyncsByController {@code --concurrent-replicaset-syncs} and the like: workers by controller name
 * @param nodeLifecycle   the node lifecycle controller's timings
 * @param podGc           the pod garbage collector's threshold and period
 * @param endpoints       the endpoint controllers' batching and slice sizes
 */
public record ControllerManagerOptions(List<String> controllers, boolean leaderElect, LeaderElection.Timing leaderElection,
        int concurrentSyncs, Map<String, Integer> concurrentSyncsByController, NodeIpam nodeIpam, NodeLifecycle nodeLifecycle,
        PodGc podGc, Endpoints endpoints, Clock clock) {

    public ControllerManagerOptions {
        controllers = List.copyOf(controllers);
        concurrentSyncsByController = Map.copyOf(concurrentSyncsByController);
        Objects.requireNonNull(leaderElection, "leaderElection");
        Objects.requireNonNull(nodeIpam, "nodeIpam");
        Objects.requireNonNull(nodeLifecycle, "nodeLifecycle");
        Objects.requireNonNull(podGc, "podGc");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(clock, "clock");
        if (concurrentSyncs < 1) throw new IllegalArgumentException("concurrent syncs must be at least 1");
        concurrentSyncsByController.forEach((name, n) -> {
            if (n < 1) throw new IllegalArgumentException("--concurrent-" + name + "-syncs must be at least 1");
        });
    }

    /** The options before the endpoint controllers: upstream's defaults for theirs. */
    public ControllerManagerOptions(List<String> controllers, boolean leaderElect, LeaderElection.Timing leaderElection,
            int concurrentSyncs, Map<String, Integer> concurrentSyncsByController, NodeIpam nodeIpam, NodeLifecycle nodeLifecycle,
            PodGc podGc, Clock clock) {
        this(controllers, leaderElect, leaderElection, concurrentSyncs, concurrentSyncsByController, nodeIpam, nodeLifecycle, podGc,
                Endpoints.UPSTREAM, clock);
    }

    /** The options of the node IPAM era: upstream's defaults for everything added since. */
    public ControllerManagerOptions(List<String> controllers, boolean leaderElect, LeaderElection.Timing leaderElection,
            int concurrentSyncs, NodeIpam nodeIpam, Clock clock) {
        this(controllers, leaderElect, leaderElection, concurrentSyncs, Map.of(), nodeIpam, NodeLifecycle.UPSTREAM, PodGc.UPSTREAM, clock);
    }

    /** Workers for the controller {@code name}: its own count if given, else {@link #concurrentSyncs}. */
    public int concurrentSyncs(String name) {
        return concurrentSyncsByController.getOrDefault(name, concurrentSyncs);
    }

    /**
     * The node lifecycle controller's flags (upstream's names).
     *
     * @param nodeMonitorPeriod      {@code --node-monitor-period}: how often node health is checked (5 s)
     * @param nodeMonitorGracePeriod {@code --node-monitor-grace-period}: a node silent this long is Unknown (40 s)
     * @param nodeStartupGracePeriod {@code --node-startup-grace-period}: the same for a node that never posted status (1 min)
     * @param nodeEvictionRate       {@code --node-eviction-rate}: nodes tainted NoExecute per second in a healthy zone (0.1)
     * @param secondaryNodeEvictionRate {@code --secondary-node-eviction-rate}: the same in a large, partly disrupted zone (0.01)
     * @param largeClusterSizeThreshold {@code --large-cluster-size-threshold}: a smaller zone in partial disruption stops (50)
     * @param unhealthyZoneThreshold {@code --unhealthy-zone-threshold}: the share of not-ready nodes (more than two) that disrupts a zone (0.55)
     */
    public record NodeLifecycle(Duration nodeMonitorPeriod, Duration nodeMonitorGracePeriod, Duration nodeStartupGracePeriod,
            double nodeEvictionRate, double secondaryNodeEvictionRate, int largeClusterSizeThreshold, double unhealthyZoneThreshold) {
        public NodeLifecycle {
            if (nodeMonitorPeriod.isNegative() || nodeMonitorPeriod.isZero()) throw new IllegalArgumentException("--node-monitor-period must be positive");
            if (nodeMonitorGracePeriod.isNegative() || nodeMonitorGracePeriod.isZero()) {
                throw new IllegalArgumentException("--node-monitor-grace-period must be positive");
            }
            if (nodeEvictionRate < 0 || secondaryNodeEvictionRate < 0) throw new IllegalArgumentException("eviction rates must not be negative");
        }

        /** The timings, with upstream's eviction rates and thresholds. */
        public NodeLifecycle(Duration nodeMonitorPeriod, Duration nodeMonitorGracePeriod, Duration nodeStartupGracePeriod) {
            this(nodeMonitorPeriod, nodeMonitorGracePeriod, nodeStartupGracePeriod, 0.1, 0.01, 50, 0.55);
        }

        public static final NodeLifecycle UPSTREAM = new NodeLifecycle(Duration.ofSeconds(5), Duration.ofSeconds(40), Duration.ofMinutes(1));
    }

    /**
     * The endpoint controllers' flags (upstream's names and defaults).
     *
     * @param endpointUpdatesBatchPeriod      {@code --endpoint-updates-batch-period}: pod changes wait this long, so several make one Endpoints write (0)
     * @param endpointSliceUpdatesBatchPeriod {@code --endpointslice-updates-batch-period}: the same for EndpointSlices (0)
     * @param maxEndpointsPerSlice            {@code --max-endpoints-per-slice}: endpoints in one EndpointSlice (100, at most 1000)
     * @param mirroringMaxEndpointsPerSubset  {@code --mirroring-max-endpoints-per-subset}: addresses of one Endpoints subset mirrored (1000)
     */
    public record Endpoints(Duration endpointUpdatesBatchPeriod, Duration endpointSliceUpdatesBatchPeriod, int maxEndpointsPerSlice,
            int mirroringMaxEndpointsPerSubset) {
        public Endpoints {
            Objects.requireNonNull(endpointUpdatesBatchPeriod, "endpointUpdatesBatchPeriod");
            Objects.requireNonNull(endpointSliceUpdatesBatchPeriod, "endpointSliceUpdatesBatchPeriod");
            if (endpointUpdatesBatchPeriod.isNegative() || endpointSliceUpdatesBatchPeriod.isNegative()) {
                throw new IllegalArgumentException("batch periods must not be negative");
            }
            if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
                throw new IllegalArgumentException("--max-endpoints-per-slice must be between 1 and 1000");
            }
            if (mirroringMaxEndpointsPerSubset < 1 || mirroringMaxEndpointsPerSubset > 1000) {
                throw new IllegalArgumentException("--mirroring-max-endpoints-per-subset must be between 1 and 1000");
            }
        }

        public static final Endpoints UPSTREAM = new Endpoints(Duration.ZERO, Duration.ZERO, 100, 1000);
    }

    /**
     * The pod garbage collector's flags.
     *
     * @param terminatedPodGcThreshold {@code --terminated-pod-gc-threshold}: finished pods kept before the oldest go (12500; 0 or less: never)
     * @param gcCheckPeriod            how often it looks (upstream's fixed 20 s)
     * @param quarantine               how long a pod's node must stay missing before its pods go (upstream's fixed 40 s)
     */
    public record PodGc(int terminatedPodGcThreshold, Duration gcCheckPeriod, Duration quarantine) {
        public static final PodGc UPSTREAM = new PodGc(12500, Duration.ofSeconds(20), Duration.ofSeconds(40));
    }

    /**
     * The node IPAM controller's flags.
     *
     * @param allocateNodeCidrs {@code --allocate-node-cidrs}: without it the controller does not run
     * @param clusterCidrs      {@code --cluster-cidr}, one CIDR or two of different IP families
     */
    public record NodeIpam(boolean allocateNodeCidrs, List<String> clusterCidrs, int nodeCidrMaskSizeIpv4, int nodeCidrMaskSizeIpv6) {
        public NodeIpam {
            clusterCidrs = List.copyOf(clusterCidrs);
            if (allocateNodeCidrs && clusterCidrs.isEmpty()) {
                throw new IllegalArgumentException("--allocate-node-cidrs needs --cluster-cidr");
            }
        }

        /** j8s' default: on, 10.244.0.0/16, a /24 per node (k3s' and flannel's choice). */
        public static final NodeIpam DEFAULT = new NodeIpam(true, List.of("10.244.0.0/16"), 24, 64);
    }

    /** Every controller on by default, no leader election, upstream's timings otherwise. */
    public static ControllerManagerOptions defaults() {
        return new ControllerManagerOptions(List.of("*"), false, LeaderElection.Timing.UPSTREAM, 5, NodeIpam.DEFAULT,
                Clock.systemUTC());
    }

    public ControllerManagerOptions withControllers(List<String> c) {
        return new ControllerManagerOptions(c, leaderElect, leaderElection, concurrentSyncs, concurrentSyncsByController, nodeIpam,
                nodeLifecycle, podGc, endpoints, clock);
    }

    public ControllerManagerOptions withLeaderElection(boolean elect, LeaderElection.Timing timing) {
        return new ControllerManagerOptions(controllers, elect, timing, concurrentSyncs, concurrentSyncsByController, nodeIpam,
                nodeLifecycle, podGc, endpoints, clock);
    }

    public ControllerManagerOptions withNodeIpam(NodeIpam n) {
        return new ControllerManagerOptions(controllers, leaderElect, leaderElection, concurrentSyncs, concurrentSyncsByController, n,
                nodeLifecycle, podGc, endpoints, clock);
    }

    public ControllerManagerOptions withConcurrentSyncs(Map<String, Integer> byController) {
        return new ControllerManagerOptions(controllers, leaderElect, leaderElection, concurrentSyncs, byController, nodeIpam,
                nodeLifecycle, podGc, endpoints, clock);
    }

    public ControllerManagerOptions withNodeLifecycle(NodeLifecycle n) {
        return new ControllerManagerOptions(controllers, leaderElect, leaderElection, concurrentSyncs, concurrentSyncsByController, nodeIpam,
                n, podGc, endpoints, clock);
    }

    public ControllerManagerOptions withPodGc(PodGc p) {
        return new ControllerManagerOptions(controllers, leaderElect, leaderElection, concurrentSyncs, concurrentSyncsByController, nodeIpam,
                nodeLifecycle, p, endpoints, clock);
    }

    public ControllerManagerOptions withEndpoints(Endpoints e) {
        return new ControllerManagerOptions(controllers, leaderElect, leaderElection, concurrentSyncs, concurrentSyncsByController, nodeIpam,
                nodeLifecycle, podGc, e, clock);
    }

    /** Upstream's {@code IsControllerEnabled}: an explicit {@code -name} or {@code name} wins, then {@code *}. */
    public boolean enabled(String name, boolean enabledByDefault) {
        boolean star = false;
        for (String c : controllers) {
            if (c.equals(name)) return true;
            if (c.equals("-" + name)) return false;
            if (c.equals("*")) star = true;
        }
        return star && enabledByDefault;
    }
}
