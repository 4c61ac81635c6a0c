package io.j8s.scheduler.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A profile's plugin sets by extension point, upstream's Plugins type. {@link ExtensionPoint#MultiPoint}
 * enables a plugin at every point it implements.
 */
public record Plugins(Map<ExtensionPoint, PluginSet> sets) {

    /** The extension points, with the YAML field names upstream uses. */
    public enum ExtensionPoint {
        MultiPoint("multiPoint"), QueueSort("queueSort"), PreEnqueue("preEnqueue"), PreFilter("preFilter"), Filter("filter"),
        PostFilter("postFilter"), PreScore("preScore"), Score("score"), Reserve("reserve"), Permit("permit"),
        PreBind("preBind"), Bind("bind"), PostBind("postBind");

        public final String field;

        ExtensionPoint(String field) {
            this.field = field;
        }
    }

    public Plugins {
        Map<ExtensionPoint, PluginSet> m = new EnumMap<>(ExtensionPoint.class);
        for (ExtensionPoint p : ExtensionPoint.values()) m.put(p, sets.getOrDefault(p, PluginSet.EMPTY));
        sets = java.util.Collections.unmodifiableMap(m);
    }

    public PluginSet get(ExtensionPoint p) {
        return sets.get(p);
    }

    /** Upstream's v1 defaults: everything through multiPoint, with the score weights upstream gives. */
    public static Plugins defaults() {
        return new Plugins(Map.of(ExtensionPoint.MultiPoint, new PluginSet(List.of(
                PluginRef.of("SchedulingGates"),
                PluginRef.of("PrioritySort"),
                PluginRef.of("NodeUnschedulable"),
                PluginRef.of("NodeName"),
                new PluginRef("TaintToleration", 3),
                new PluginRef("NodeAffinity", 2),
                PluginRef.of("NodePorts"),
                new PluginRef("NodeResourcesFit", 1),
                PluginRef.of("VolumeBinding"),
                new PluginRef("PodTopologySpread", 2),
                new PluginRef("InterPodAffinity", 2),
                PluginRef.of("DefaultPreemption"),
                new PluginRef("NodeResourcesBalancedAllocation", 1),
                new PluginRef("ImageLocality", 1),
                PluginRef.of("DefaultBinder")), List.of())));
    }

    /** Each extension point's set merged over the defaults, as upstream's mergePlugins. */
    public static Plugins merge(Plugins defaults, Plugins custom) {
        Map<ExtensionPoint, PluginSet> m = new EnumMap<>(ExtensionPoint.class);
        for (ExtensionPoint p : ExtensionPoint.values()) m.put(p, PluginSet.merge(defaults.get(p), custom.get(p)));
        return new Plugins(m);
    }
}
