package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Ranks a feasible node; called in parallel over nodes. A score is in [0, {@link #MAX_NODE_SCORE}]
 * after {@link #normalizeScore}; the framework multiplies it by the plugin's weight.
 */
public interface ScorePlugin extends Plugin {

    long MAX_NODE_SCORE = 100;
    long MIN_NODE_SCORE = 0;

    /** The node's raw score; a missing PreScore state is a bug, not a Status. */
    long score(CycleState state, Pod pod, NodeInfo nodeInfo);

    /** Scales {@code scores} (one per node of {@code nodes}) in place; the default leaves them. */
    default Status normalizeScore(CycleState state, Pod pod, long[] scores) {
        return Status.SUCCESS;
    }
}
