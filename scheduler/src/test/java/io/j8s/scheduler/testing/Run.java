package io.j8s.scheduler.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.List;

/** Runs one plugin as the framework would: PreFilter then Filter, PreScore then Score and NormalizeScore. */
public final class Run {

    private Run() {}

    /** PreFilter (a Skip passes, a rejection answers) then Filter on {@code node}. */
    public static Status filter(Plugin p, Pod pod, NodeInfo node) {
        CycleState s = new CycleState();
        if (p instanceof PreFilterPlugin pf) {
            PreFilterPlugin.Result r = pf.preFilter(s, pod);
            if (r.status().isSkip()) return Status.SUCCESS;
            if (!r.status().isSuccess()) return r.status();
            if (r.nodeNames() != null && !r.nodeNames().contains(node.name())) return Status.unresolvable("not in PreFilter result");
        }
        return ((FilterPlugin) p).filter(s, pod, node);
    }

    /** PreScore (Skip: all zero), Score for each node, NormalizeScore. */
    public static long[] score(Plugin p, Pod pod, List<NodeInfo> nodes) {
        CycleState s = new CycleState();
        long[] scores = new long[nodes.size()];
        if (p instanceof PreScorePlugin ps) {
            Status st = ps.preScore(s, pod, nodes);
            if (st.isSkip()) return scores;
            if (!st.isSuccess()) throw new AssertionError("PreScore failed: " + st);
        }
        ScorePlugin sp = (ScorePlugin) p;
        for (int i = 0; i < nodes.size(); i++) scores[i] = sp.score(s, pod, nodes.get(i));
        Status st = sp.normalizeScore(s, pod, scores);
        if (!st.isSuccess()) throw new AssertionError("NormalizeScore failed: " + st);
        return scores;
    }
}
