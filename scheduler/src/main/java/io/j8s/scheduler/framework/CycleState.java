package io.j8s.scheduler.framework;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What plugins remember for the duration of one pod's scheduling cycle, by key. Written by
 * PreFilter and PreScore on the scheduling thread, read by Filter and Score on the parallel
 * workers: the hand-off to the workers orders those writes before the reads.
 */
public final class CycleState {

    /** A value kept in the state; {@link #copy} must deep-copy what preemption's what-ifs change. */
    public interface StateData {
        StateData copy();
    }

    private final Map<String, StateData> data;
    private final Set<String> skipFilterPlugins;
    private final Set<String> skipScorePlugins;
    private PodInfo podInfo;

    public CycleState() {
        this(new HashMap<>(), new HashSet<>(), new HashSet<>());
    }

    private CycleState(Map<String, StateData> data, Set<String> skipFilter, Set<String> skipScore) {
        this.data = data;
        this.skipFilterPlugins = skipFilter;
        this.skipScorePlugins = skipScore;
    }

    /**
     * The pod being scheduled, with its requests and affinity terms derived once per cycle. For
     * PreFilter and PreScore, which run on the scheduling thread; not for Filter or Score.
     */
    public PodInfo podInfo(io.fabric8.kubernetes.api.model.Pod pod) {
        if (podInfo == null || podInfo.pod() != pod) podInfo = PodInfo.of(pod);
        return podInfo;
    }

    public void write(String key, StateData value) {
        data.put(key, value);
    }

    /** The value under {@code key}; absent state is a bug in the plugin order, so it throws. */
    public <T extends StateData> T read(String key, Class<T> type) {
        StateData v = data.get(key);
        if (v == null) throw new IllegalStateException("reading " + key + " from cycle state: not found");
        return type.cast(v);
    }

    public <T extends StateData> T readOrNull(String key, Class<T> type) {
        StateData v = data.get(key);
        return v == null ? null : type.cast(v);
    }

    public void delete(String key) {
        data.remove(key);
    }

    public Set<String> skipFilterPlugins() {
        return skipFilterPlugins;
    }

    public Set<String> skipScorePlugins() {
        return skipScorePlugins;
    }

    /** A deep copy, for preemption to try removing pods without touching the cycle's state. */
    public CycleState copy() {
        Map<String, StateData> d = new HashMap<>(data.size() * 2);
        data.forEach((k, v) -> d.put(k, v.copy()));
        CycleState c = new CycleState(d, new HashSet<>(skipFilterPlugins), new HashSet<>(skipScorePlugins));
        c.podInfo = podInfo;
        return c;
    }
}
