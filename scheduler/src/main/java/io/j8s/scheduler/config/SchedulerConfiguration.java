package io.j8s.scheduler.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scheduler's configuration, the subset of upstream's KubeSchedulerConfiguration
 * (kubescheduler.config.k8s.io/v1) that j8s acts on. {@link #defaults()} is what a scheduler
 * without {@code --config} runs.
 *
 * @param parallelism threads for filtering and scoring nodes (upstream: 16)
 * @param percentageOfNodesToScore share of feasible nodes to find before scoring; 0 is upstream's adaptive formula
 * @param podInitialBackoff the first backoff of an unschedulable pod (1 s), doubling per attempt
 * @param podMaxBackoff the longest backoff (10 s)
 * @param podMaxInUnschedulablePodsDuration how long a pod waits for an event before it is retried anyway (5 min)
 */
public record SchedulerConfiguration(int parallelism, int percentageOfNodesToScore, Duration podInitialBackoff, Duration podMaxBackoff,
                                     Duration podMaxInUnschedulablePodsDuration, LeaderElection leaderElection, List<Profile> profiles) {

    public SchedulerConfiguration {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException("percentageOfNodesToScore must be in [0, 100], not " + percentageOfNodesToScore);
        }
        if (podInitialBackoff.isNegative() || podInitialBackoff.isZero()) throw new IllegalArgumentException("podInitialBackoffSeconds must be positive");
        if (podMaxBackoff.compareTo(podInitialBackoff) < 0) {
            throw new IllegalArgumentException("podMaxBackoffSeconds must not be less than podInitialBackoffSeconds");
        }
        profiles = List.copyOf(profiles);
        if (profiles.isEmpty()) throw new IllegalArgumentException("at least one profile is required");
        Set<String> names = new HashSet<>();
        for (Profile p : profiles) {
            if (!names.add(p.schedulerName())) throw new IllegalArgumentException("duplicate profile with schedulerName \"" + p.schedulerName() + "\"");
        }
        PluginSet first = queueSort(profiles.get(0));
        for (Profile p : profiles) {
            if (!queueSort(p).enabled().equals(first.enabled()) || !queueSort(p).disabled().equals(first.disabled())) {
                throw new IllegalArgumentException("all profiles must use the same queueSort plugin");
            }
        }
    }

    private static PluginSet queueSort(Profile p) {
        return new PluginSet(p.plugins().get(Plugins.ExtensionPoint.QueueSort).enabled(),
                p.plugins().get(Plugins.ExtensionPoint.QueueSort).disabled());
    }

    public static SchedulerConfiguration defaults() {
        return new SchedulerConfiguration(16, 0, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5),
                LeaderElection.DEFAULTS, List.of(Profile.defaults("default-scheduler")));
    }

    public SchedulerConfiguration withLeaderElection(LeaderElection le) {
        return new SchedulerConfiguration(parallelism, percentageOfNodesToScore, podInitialBackoff, podMaxBackoff,
                podMaxInUnschedulablePodsDuration, le, profiles);
    }

    public SchedulerConfiguration withParallelism(int p) {
        return new SchedulerConfiguration(p, percentageOfNodesToScore, podInitialBackoff, podMaxBackoff,
                podMaxInUnschedulablePodsDuration, leaderElection, profiles);
    }

    public SchedulerConfiguration withBackoff(Duration initial, Duration max) {
        return new SchedulerConfiguration(parallelism, percentageOfNodesToScore, initial, max,
                podMaxInUnschedulablePodsDuration, leaderElection, profiles);
    }

    public SchedulerConfiguration withProfiles(List<Profile> ps) {
        return new SchedulerConfiguration(parallelism, percentageOfNodesToScore, podInitialBackoff, podMaxBackoff,
                podMaxInUnschedulablePodsDuration, leaderElection, ps);
    }
}
