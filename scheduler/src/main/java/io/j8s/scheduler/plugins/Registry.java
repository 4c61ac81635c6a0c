package io.j8s.scheduler.plugins;

import io.j8s.scheduler.framework.PluginFactory;
import io.j8s.scheduler.plugins.defaultbinder.DefaultBinder;
import io.j8s.scheduler.plugins.defaultpreemption.DefaultPreemption;
import io.j8s.scheduler.plugins.imagelocality.ImageLocality;
import io.j8s.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.j8s.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.j8s.scheduler.plugins.nodename.NodeName;
import io.j8s.scheduler.plugins.nodeports.NodePorts;
import io.j8s.scheduler.plugins.noderesources.BalancedAllocation;
import io.j8s.scheduler.plugins.noderesources.Fit;
import io.j8s.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.j8s.scheduler.plugins.podtopologyspread.PodTopologySpread;
import io.j8s.scheduler.plugins.queuesort.PrioritySort;
import io.j8s.scheduler.plugins.schedulinggates.SchedulingGates;
import io.j8s.scheduler.plugins.tainttoleration.TaintToleration;
import io.j8s.scheduler.plugins.volumebinding.VolumeBinding;
import java.util.LinkedHashMap;
import java.util.Map;

/** The in-tree plugins by name: what a profile's configuration may enable. */
public final class Registry {

    private Registry() {}

    public static Map<String, PluginFactory> inTree() {
        Map<String, PluginFactory> r = new LinkedHashMap<>();
        r.put(SchedulingGates.NAME, SchedulingGates::factory);
        r.put(PrioritySort.NAME, PrioritySort::factory);
        r.put(NodeUnschedulable.NAME, NodeUnschedulable::factory);
        r.put(NodeName.NAME, NodeName::factory);
        r.put(TaintToleration.NAME, TaintToleration::factory);
        r.put(NodeAffinity.NAME, NodeAffinity::factory);
        r.put(NodePorts.NAME, NodePorts::factory);
        r.put(Fit.NAME, Fit::factory);
        r.put(VolumeBinding.NAME, VolumeBinding::factory);
        r.put(PodTopologySpread.NAME, PodTopologySpread::factory);
        r.put(InterPodAffinity.NAME, InterPodAffinity::factory);
        r.put(DefaultPreemption.NAME, DefaultPreemption::factory);
        r.put(BalancedAllocation.NAME, BalancedAllocation::factory);
        r.put(ImageLocality.NAME, ImageLocality::factory);
        r.put(DefaultBinder.NAME, DefaultBinder::factory);
        return Map.copyOf(r);
    }
}
