package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.Map;

/**
 * Prepares a pod's volumes on the node before its containers start (upstream's volume manager,
 * {@code WaitForAttachAndMount}) and removes them once the pod is gone.
 */
public interface VolumeManager {

    /**
     * Sets up (or refreshes) every volume of the pod; the host path of each by volume name.
     *
     * @throws MountException when one cannot be set up yet (its ConfigMap is missing, …): the pod
     *         waits in ContainerCreating and the kubelet says {@code FailedMount}
     */
    Map<String, Path> setUp(Pod pod) throws MountException;

    /** Removes what {@link #setUp} made for the pod with {@code uid}; idempotent. */
    void tearDown(String uid);

    final class MountException extends Exception {
        public MountException(String message) {
            super(message, null, false, false);
        }
    }

    /** No volumes: for tests of pods without any. */
    VolumeManager NONE = new VolumeManager() {
        @Override
        public Map<String, Path> setUp(Pod pod) {
            return Map.of();
        }

        @Override
        public void tearDown(String uid) {}
    };
}
