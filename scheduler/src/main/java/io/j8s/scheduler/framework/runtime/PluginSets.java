package io.j8s.scheduler.framework.runtime;

import io.j8s.scheduler.config.PluginRef;
import io.j8s.scheduler.config.PluginSet;
import io.j8s.scheduler.config.Plugins;
import io.j8s.scheduler.config.Plugins.ExtensionPoint;
import io.j8s.scheduler.framework.BindPlugin;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.PermitPlugin;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PostBindPlugin;
import io.j8s.scheduler.framework.PostFilterPlugin;
import io.j8s.scheduler.framework.PreBindPlugin;
import io.j8s.scheduler.framework.PreEnqueuePlugin;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.QueueSortPlugin;
import io.j8s.scheduler.framework.ReservePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Expands a profile's multiPoint and per-point plugin sets into the plugins of each extension point. */
final class PluginSets {

    private PluginSets() {}

    static Class<? extends Plugin> interfaceOf(ExtensionPoint p) {
        return switch (p) {
            case QueueSort -> QueueSortPlugin.class;
            case PreEnqueue -> PreEnqueuePlugin.class;
            case PreFilter -> PreFilterPlugin.class;
            case Filter -> FilterPlugin.class;
            case PostFilter -> PostFilterPlugin.class;
            case PreScore -> PreScorePlugin.class;
            case Score -> ScorePlugin.class;
            case Reserve -> ReservePlugin.class;
            case Permit -> PermitPlugin.class;
            case PreBind -> PreBindPlugin.class;
            case Bind -> BindPlugin.class;
            case PostBind -> PostBindPlugin.class;
            case MultiPoint -> Plugin.class;
        };
    }

    /** Every plugin name enabled anywhere, in first-seen order. */
    static Set<String> enabledNames(Plugins plugins) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (ExtensionPoint p : ExtensionPoint.values()) {
            for (PluginRef r : plugins.get(p).enabled()) names.add(r.name());
        }
        return names;
    }

    /**
     * The plugins of one extension point, with their weights, in upstream's order: the point's own
     * entries that override multiPoint ones, then the other multiPoint plugins that implement the
     * point's interface (unless the point disables them), then the point's own other entries.
     */
    static Map<String, Integer> expand(Plugins plugins, ExtensionPoint point, Function<String, Plugin> instances) {
        Class<? extends Plugin> iface = interfaceOf(point);
        PluginSet specific = plugins.get(point);
        PluginSet multi = plugins.get(ExtensionPoint.MultiPoint);
        Map<String, PluginRef> multiByName = new LinkedHashMap<>();
        for (PluginRef r : multi.enabled()) multiByName.put(r.name(), r);
        Map<String, PluginRef> specificByName = new LinkedHashMap<>();
        for (PluginRef r : specific.enabled()) {
            if (!iface.isInstance(instances.apply(r.name()))) {
                throw new IllegalArgumentException("plugin \"" + r.name() + "\" does not extend " + point + " plugin");
            }
            specificByName.put(r.name(), r);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        List<PluginRef> own = new ArrayList<>();
        for (PluginRef r : specific.enabled()) {
            PluginRef m = multiByName.get(r.name());
            if (m != null) out.put(r.name(), weight(r, m));
            else own.add(r);
        }
        for (PluginRef m : multi.enabled()) {
            if (specificByName.containsKey(m.name()) || specific.disables(m.name())) continue;
            if (iface.isInstance(instances.apply(m.name()))) out.put(m.name(), weight(m, null));
        }
        for (PluginRef r : own) out.put(r.name(), weight(r, null));
        return out;
    }

    private static int weight(PluginRef r, PluginRef fallback) {
        if (r.weight() > 0) return r.weight();
        if (fallback != null && fallback.weight() > 0) return fallback.weight();
        return 1;
    }
}
