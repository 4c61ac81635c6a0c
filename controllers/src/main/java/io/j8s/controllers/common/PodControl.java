package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * Upstream's {@code PodControlInterface}: the pod writes a workload controller makes. The real one
 * ({@link ApiPodControl}) writes through the API and records {@code SuccessfulCreate} /
 * {@code SuccessfulDelete} events on the controller; tests use a fake that records the actions.
 */
public interface PodControl {

    /** Creates a pod from {@code template} in {@code namespace}, controlled by {@code owner} through {@code ref}. */
    void createPod(String namespace, PodTemplateSpec template, HasMetadata owner, OwnerReference ref);

    /** Deletes a pod of {@code owner}; a pod already gone is not an error. */
    void deletePod(String namespace, String name, HasMetadata owner);

    /** A strategic merge patch of a pod (adoption and release). */
    void patchPod(String namespace, String name, String strategicMergePatch);
}
