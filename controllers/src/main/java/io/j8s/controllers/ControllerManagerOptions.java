package io.j8s.controllers;

import io.j8s.controllers.runtime.LeaderElection;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * kube-controller-manager's flags, with upstream's names and defaults where the concept is the
 * same.
 *
 * @param controllers    {@code --controllers}: {@code *} for those on by default, {@code name} to
 *                       turn one on, {@code -name} to turn one off
 * @param leaderElect    {@code --leader-elect}: campaign for the {@code kube-system/kube-controller-manager} Lease first
 * @param leaderElection its lease duration, renew deadline and retry period
 * @param concurrentSyncs workers per controller ({@code --concurrent-*-syncs})
 */
public record ControllerManagerOptions(List<String> controllers, boolean leaderElect, LeaderElection.Timing leaderElection,
        int concurrentSyncs, NodeIpam nodeIpam, Clock clock) {

    public ControllerManagerOptions {
        controllers = List.copyOf(controllers);
        Objects.requireNonNull(leaderElection, "leaderElection");
        Objects.requireNonNull(nodeIpam, "nodeIpam");
        Objects.requireNonNull(clock, "clock");
        if (concurrentSyncs < 1) throw new IllegalArgumentException("concurrent syncs must be at least 1");
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
        return new ControllerManagerOptions(c, leaderElect, leaderElection, concurrentSyncs, nodeIpam, clock);
    }

    public ControllerManagerOptions withLeaderElection(boolean elect, LeaderElection.Timing timing) {
        return new ControllerManagerOptions(controllers, elect, timing, concurrentSyncs, nodeIpam, clock);
    }

    public ControllerManagerOptions withNodeIpam(NodeIpam n) {
        return new ControllerManagerOptions(controllers, leaderElect, leaderElection, concurrentSyncs, n, clock);
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
