package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

/**
 * Where pod statuses go (upstream's status manager): the API server, or a recording fake in
 * tests. Implementations skip a status equal to the one last written.
 */
public interface PodStatusWriter {

    /** Writes {@code status} for {@code pod} if it differs from the last one written for it. */
    void write(Pod pod, PodStatus status);

    /**
     * The pod is gone from this node (its containers stopped, its volumes removed): the kubelet
     * finishes its graceful deletion (upstream: delete with grace 0 and a uid precondition).
     */
    void confirmDeletion(Pod pod);

    /** Forgets what was written for {@code uid}. */
    void forget(String uid);
}
