package io.j8s.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.StaticLister;
import java.util.ArrayList;
import java.util.List;

/** Upstream's {@code fakeObjectManager}: reads from listers, writes recorded ("create pod web-0") and not applied. */
final class FakeObjectManager implements ObjectManager {

    final StaticLister<PersistentVolumeClaim> claims = new StaticLister<>();
    final List<String> actions = new ArrayList<>();
    final List<PersistentVolumeClaim> createdClaims = new ArrayList<>();
    final List<Pod> createdPods = new ArrayList<>();
    /** A create of this pod name fails with 403 Forbidden (a quota, say). */
    String failCreate = "";

    @Override
    public void createPod(Pod pod) {
        if (pod.getMetadata().getName().equals(failCreate)) {
            throw new KubernetesClientException(new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("exceeded quota").build());
        }
        actions.add("create pod " + pod.getMetadata().getName());
        createdPods.add(Copies.deepCopy(pod));
    }

    @Override
    public void updatePod(Pod pod) {
        actions.add("update pod " + pod.getMetadata().getName());
    }

    @Override
    public void deletePod(Pod pod) {
        actions.add("delete pod " + pod.getMetadata().getName());
    }

    @Override
    public void createClaim(PersistentVolumeClaim claim) {
        actions.add("create claim " + claim.getMetadata().getName());
        createdClaims.add(Copies.deepCopy(claim));
    }

    @Override
    public PersistentVolumeClaim getClaim(String namespace, String name) {
        return claims.get(namespace, name);
    }

    @Override
    public void updateClaim(PersistentVolumeClaim claim) {
        actions.add("update claim " + claim.getMetadata().getName());
    }
}
