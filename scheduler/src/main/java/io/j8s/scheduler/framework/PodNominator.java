package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Pods nominated to a node by preemption, waiting for their victims to go: Filter counts them on
 * that node so lower-priority pods do not take the room they made.
 */
public interface PodNominator {

    List<PodInfo> nominatedPodsForNode(String nodeName);

    void addNominatedPod(PodInfo pod, String nodeName);

    void deleteNominatedPodIfExists(Pod pod);
}
