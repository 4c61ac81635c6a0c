package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** The writes plugins make through the API; tests replace it with a fake that records them. */
public interface PodActions {

    /** Binds the pod to the node through pods/binding; the status says why not. */
    Status bind(Pod pod, String nodeName);

    /**
     * Marks {@code victim} with the DisruptionTarget condition (reason PreemptionByScheduler) and
     * deletes it gracefully. A victim already gone is no failure.
     */
    Status preempt(Pod victim, Pod preemptor);

    /** Clears status.nominatedNodeName of a pod whose nomination no longer holds. */
    void clearNominatedNodeName(Pod pod);
}
