package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;

/** The probe workers of a pod's running containers (upstream's {@code prober.Manager}), as the pod worker keeps them in step. */
public interface PodProbes {

    /** Starts probing the pod's running containers that have probes, stops probing those that are gone. */
    void update(Pod pod, RuntimePod current);

    /** Stops every probe of the pod. */
    void remove(String uid);

    PodProbes NONE = new PodProbes() {
        @Override
        public void update(Pod pod, RuntimePod current) {}

        @Override
        public void remove(String uid) {}
    };
}
