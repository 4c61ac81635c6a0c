package io.j8s.scheduler.config;

import java.time.Duration;

/**
 * Leader election on a Lease, upstream's LeaderElectionConfiguration: 15 s lease, 10 s renew
 * deadline, 2 s retry, on kube-system/kube-scheduler.
 */
public record LeaderElection(boolean leaderElect, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                             String resourceNamespace, String resourceName) {

    public static final LeaderElection DEFAULTS = new LeaderElection(true, Duration.ofSeconds(15), Duration.ofSeconds(10),
            Duration.ofSeconds(2), "kube-system", "kube-scheduler");

    public LeaderElection {
        if (leaderElect) {
            if (!leaseDuration.isPositive() || !renewDeadline.isPositive() || !retryPeriod.isPositive()) {
                throw new IllegalArgumentException("leader election durations must be positive");
            }
            if (leaseDuration.compareTo(renewDeadline) <= 0) {
                throw new IllegalArgumentException("leaseDuration (" + leaseDuration + ") must be greater than renewDeadline (" + renewDeadline + ")");
            }
            if (renewDeadline.compareTo(retryPeriod) <= 0) {
                throw new IllegalArgumentException("renewDeadline (" + renewDeadline + ") must be greater than retryPeriod (" + retryPeriod + ")");
            }
        }
    }

    public LeaderElection withLeaderElect(boolean on) {
        return new LeaderElection(on, leaseDuration, renewDeadline, retryPeriod, resourceNamespace, resourceName);
    }

    public LeaderElection withDurations(Duration lease, Duration renew, Duration retry) {
        return new LeaderElection(leaderElect, lease, renew, retry, resourceNamespace, resourceName);
    }
}
