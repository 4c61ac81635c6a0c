package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;

/** What a plugin may use of the scheduler: the cycle's snapshot, listers, API writes, other plugins. */
public interface Handle {

    /** The schedulerName of the profile the plugin belongs to. */
    String profileName();

    /** The snapshot of the current scheduling cycle. */
    NodeInfoLister snapshot();

    ClusterLister lister();

    PodActions podActions();

    EventRecorder eventRecorder();

    PodNominator nominator();

    Parallelizer parallelizer();

    Clock clock();

    /** The profile's Filter plugins on a node, counting the pods nominated there of at least the pod's priority. */
    Status runFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo nodeInfo);

    /** Tells every PreFilter plugin's extensions that {@code toAdd} was added to {@code nodeInfo}. */
    Status runPreFilterExtensionAddPod(CycleState state, Pod pod, PodInfo toAdd, NodeInfo nodeInfo);

    /** Tells every PreFilter plugin's extensions that {@code toRemove} was removed from {@code nodeInfo}. */
    Status runPreFilterExtensionRemovePod(CycleState state, Pod pod, PodInfo toRemove, NodeInfo nodeInfo);
}
