package io.j8s.scheduler.plugins.helper;

import io.j8s.scheduler.framework.ScorePlugin;

/** Upstream's helper.DefaultNormalizeScore. */
public final class Scores {

    private Scores() {}

    /**
     * Scales scores to [0, max] by the largest; {@code reverse} turns them so the smallest raw
     * score wins. All zeros stay zero (or become max when reversed).
     */
    public static void defaultNormalize(long max, boolean reverse, long[] scores) {
        long highest = 0;
        for (long s : scores) highest = Math.max(highest, s);
        if (highest == 0) {
            if (reverse) java.util.Arrays.fill(scores, max);
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            long s = max * scores[i] / highest;
            scores[i] = reverse ? max - s : s;
        }
    }

    public static void defaultNormalize(boolean reverse, long[] scores) {
        defaultNormalize(ScorePlugin.MAX_NODE_SCORE, reverse, scores);
    }
}
