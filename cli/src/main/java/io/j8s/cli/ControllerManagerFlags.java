package io.j8s.cli;

import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.controllers.runtime.LeaderElection;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * kube-controller-manager's flags, shared by {@code j8s controller-manager} and {@code j8s server}
 * (which runs the manager in-process). j8s turns {@code --allocate-node-cidrs} on with the
 * {@code --cluster-cidr} of 10.244.0.0/16 by default, as k3s does, where upstream leaves both off.
 */
final class ControllerManagerFlags {

    /** kube-controller-manager's {@code --secure-port} default: where {@code /metrics} is served. */
    static final int DEFAULT_SECURE_PORT = 10257;

    @Option(names = "--controllers", split = ",", description = "Controllers to run: * for those on by default, NAME to turn one on, -NAME to turn one off (default: *).")
    List<String> controllers = List.of("*");

    @Option(names = "--allocate-node-cidrs", arity = "0..1", fallbackValue = "true", description = "Give each Node a podCIDR from --cluster-cidr (default: ${DEFAULT-VALUE}).")
    boolean allocateNodeCidrs = true;

    @Option(names = "--cluster-cidr", description = "Pod network: one CIDR, or an IPv4 and an IPv6 one separated by a comma (default: ${DEFAULT-VALUE}).")
    String clusterCidr = "10.244.0.0/16";

    @Option(names = "--node-cidr-mask-size", description = "Prefix length of each node's podCIDR in a single-stack cluster (default: 24 for IPv4, 64 for IPv6).")
    Integer nodeCidrMaskSize;

    @Option(names = "--node-cidr-mask-size-ipv4", description = "Prefix length of each node's IPv4 podCIDR (default: ${DEFAULT-VALUE}).")
    int nodeCidrMaskSizeIpv4 = 24;

    @Option(names = "--node-cidr-mask-size-ipv6", description = "Prefix length of each node's IPv6 podCIDR (default: ${DEFAULT-VALUE}).")
    int nodeCidrMaskSizeIpv6 = 64;

    @Option(names = "--concurrent-syncs", description = "Workers of a controller without a flag of its own (default: ${DEFAULT-VALUE}).")
    int concurrentSyncs = 5;

    @Option(names = "--concurrent-replicaset-syncs", description = "ReplicaSets synced at once (default: ${DEFAULT-VALUE}).")
    int concurrentReplicaSetSyncs = 5;

    @Option(names = "--concurrent-deployment-syncs", description = "Deployments synced at once (default: ${DEFAULT-VALUE}).")
    int concurrentDeploymentSyncs = 5;

    @Option(names = "--concurrent-daemonset-syncs", description = "DaemonSets synced at once (default: ${DEFAULT-VALUE}).")
    int concurrentDaemonSetSyncs = 2;

    @Option(names = "--concurrent-statefulset-syncs", description = "StatefulSets synced at once (default: ${DEFAULT-VALUE}).")
    int concurrentStatefulSetSyncs = 5;

    @Option(names = "--concurrent-gc-syncs", description = "Garbage collector workers (default: ${DEFAULT-VALUE}).")
    int concurrentGcSyncs = 20;

    @Option(names = "--concurrent-namespace-syncs", description = "Namespaces deleted at once (default: ${DEFAULT-VALUE}).")
    int concurrentNamespaceSyncs = 10;

    @Option(names = "--concurrent-service-endpoint-syncs", description = "Services whose Endpoints are synced at once (default: ${DEFAULT-VALUE}).")
    int concurrentServiceEndpointSyncs = 5;

    @Option(names = "--concurrent-endpoint-slice-syncs", description = "Services whose EndpointSlices are synced at once (default: ${DEFAULT-VALUE}).")
    int concurrentEndpointSliceSyncs = 5;

    @Option(names = "--mirroring-concurrent-service-endpoint-syncs", description = "Services whose Endpoints are mirrored to EndpointSlices at once (default: ${DEFAULT-VALUE}).")
    int mirroringConcurrentServiceEndpointSyncs = 5;

    @Option(names = "--max-endpoints-per-slice", description = "Endpoints in one EndpointSlice, at most 1000 (default: ${DEFAULT-VALUE}).")
    int maxEndpointsPerSlice = 100;

    @Option(names = "--mirroring-max-endpoints-per-subset", description = "Addresses of one Endpoints subset mirrored to EndpointSlices (default: ${DEFAULT-VALUE}).")
    int mirroringMaxEndpointsPerSubset = 1000;

    @Option(names = "--endpoint-updates-batch-period", converter = GoDuration.class,
            description = "Pod changes wait this long so several make one Endpoints write (default: 0s).")
    Duration endpointUpdatesBatchPeriod = Duration.ZERO;

    @Option(names = "--endpointslice-updates-batch-period", converter = GoDuration.class,
            description = "Pod changes wait this long so several make one EndpointSlice write (default: 0s).")
    Duration endpointSliceUpdatesBatchPeriod = Duration.ZERO;

    @Option(names = "--node-monitor-period", converter = GoDuration.class, description = "How often node health is checked (default: 5s).")
    Duration nodeMonitorPeriod = Duration.ofSeconds(5);

    @Option(names = "--node-monitor-grace-period", converter = GoDuration.class,
            description = "A node whose heartbeats stop this long is marked Unknown and tainted unreachable (default: 40s).")
    Duration nodeMonitorGracePeriod = Duration.ofSeconds(40);

    @Option(names = "--node-startup-grace-period", converter = GoDuration.class,
            description = "The same for a node that never posted its status (default: 1m0s).")
    Duration nodeStartupGracePeriod = Duration.ofMinutes(1);

    @Option(names = "--node-eviction-rate", description = "Nodes tainted NoExecute per second in a healthy zone (default: ${DEFAULT-VALUE}).")
    double nodeEvictionRate = 0.1;

    @Option(names = "--secondary-node-eviction-rate", description = "The same in a large zone in partial disruption (default: ${DEFAULT-VALUE}).")
    double secondaryNodeEvictionRate = 0.01;

    @Option(names = "--large-cluster-size-threshold", description = "Zones this small stop evicting in partial disruption (default: ${DEFAULT-VALUE}).")
    int largeClusterSizeThreshold = 50;

    @Option(names = "--unhealthy-zone-threshold", description = "Share of not-ready nodes (at least 3) that puts a zone in partial disruption (default: ${DEFAULT-VALUE}).")
    double unhealthyZoneThreshold = 0.55;

    @Option(names = "--terminated-pod-gc-threshold", description = "Finished pods kept before the oldest are deleted; 0 or less: never (default: ${DEFAULT-VALUE}).")
    int terminatedPodGcThreshold = 12500;

    ControllerManagerOptions options(boolean leaderElect, LeaderElection.Timing timing) {
        List<String> cidrs = Arrays.stream(clusterCidr.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        int v4 = nodeCidrMaskSizeIpv4;
        int v6 = nodeCidrMaskSizeIpv6;
        if (nodeCidrMaskSize != null) {
            if (cidrs.size() > 1) throw new IllegalArgumentException("--node-cidr-mask-size is for a single-stack --cluster-cidr; use --node-cidr-mask-size-ipv4 and -ipv6");
            if (cidrs.stream().anyMatch(c -> c.contains(":"))) v6 = nodeCidrMaskSize; else v4 = nodeCidrMaskSize;
        }
        Map<String, Integer> workers = Map.of("replicaset", concurrentReplicaSetSyncs, "deployment", concurrentDeploymentSyncs,
                "daemonset", concurrentDaemonSetSyncs,
                "garbagecollector", concurrentGcSyncs, "namespace", concurrentNamespaceSyncs, "endpoint", concurrentServiceEndpointSyncs,
                "endpointslice", concurrentEndpointSliceSyncs, "endpointslicemirroring", mirroringConcurrentServiceEndpointSyncs,
                "statefulset", concurrentStatefulSetSyncs);
        return new ControllerManagerOptions(controllers, leaderElect, timing, concurrentSyncs, workers,
                new ControllerManagerOptions.NodeIpam(allocateNodeCidrs, cidrs, v4, v6),
                new ControllerManagerOptions.NodeLifecycle(nodeMonitorPeriod, nodeMonitorGracePeriod, nodeStartupGracePeriod,
                        nodeEvictionRate, secondaryNodeEvictionRate, largeClusterSizeThreshold, unhealthyZoneThreshold),
                new ControllerManagerOptions.PodGc(terminatedPodGcThreshold, ControllerManagerOptions.PodGc.UPSTREAM.gcCheckPeriod(),
                        ControllerManagerOptions.PodGc.UPSTREAM.quarantine()),
                new ControllerManagerOptions.Endpoints(endpointUpdatesBatchPeriod, endpointSliceUpdatesBatchPeriod, maxEndpointsPerSlice,
                        mirroringMaxEndpointsPerSubset), Clock.systemUTC());
    }

    static LeaderElection.Timing timing(Duration lease, Duration renew, Duration retry) {
        return new LeaderElection.Timing(lease, renew, retry);
    }
}
