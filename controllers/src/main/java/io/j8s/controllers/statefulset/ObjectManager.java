package io.j8s.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.controllers.common.Lister;

/**
 * Upstream's {@code StatefulPodControlObjectManager}: the pod and claim reads and writes the
 * StatefulSet controller makes. Reads come from the informers' caches; writes go through the API
 * and throw the client's exception (404, 409 …) for the caller to judge. Tests record the writes.
 */
interface ObjectManager {

    void createPod(Pod pod);

    void updatePod(Pod pod);

    void deletePod(Pod pod);

    void createClaim(PersistentVolumeClaim claim);

    /** The cached claim, or null. */
    PersistentVolumeClaim getClaim(String namespace, String name);

    void updateClaim(PersistentVolumeClaim claim);

    static ObjectManager of(KubernetesClient k8s, Lister<PersistentVolumeClaim> claims) {
        return new ObjectManager() {
            @Override
            public void createPod(Pod pod) {
                k8s.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
            }

            @Override
            public void updatePod(Pod pod) {
                k8s.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).update();
            }

            @Override
            public void deletePod(Pod pod) {
                k8s.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
            }

            @Override
            public void createClaim(PersistentVolumeClaim claim) {
                k8s.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(claim).create();
            }

            @Override
            public PersistentVolumeClaim getClaim(String namespace, String name) {
                return claims.get(namespace, name);
            }

            @Override
            public void updateClaim(PersistentVolumeClaim claim) {
                k8s.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(claim).update();
            }
        };
    }
}
