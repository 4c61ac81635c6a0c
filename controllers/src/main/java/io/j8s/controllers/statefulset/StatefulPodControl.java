package io.j8s.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.runtime.EventRecorder;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's {@code StatefulPodControl} ({@code stateful_pod_control.go}): creates a pod's claims
 * before the pod, repairs a pod's identity and storage, deletes pods, keeps claims' owner
 * references as the retention policy asks; records upstream's events ({@code SuccessfulCreate}
 * "create Pod web-0 in StatefulSet web successful", {@code FailedCreate} …).
 */
final class StatefulPodControl {

    private final ObjectManager objects;
    private final EventRecorder recorder;

    StatefulPodControl(ObjectManager objects, EventRecorder recorder) {
        this.objects = objects;
        this.recorder = recorder;
    }

    void createStatefulPod(StatefulSet set, Pod pod) {
        try {
            createClaims(set, pod);
        } catch (RuntimeException e) {
            recordPodEvent("create", set, pod, e);
            throw e;
        }
        try {
            objects.createPod(pod);
        } catch (KubernetesClientException e) {
            // Already there: the cache is behind; the next sync sees it.
            if (e.getCode() != 409) recordPodEvent("create", set, pod, e);
            throw e;
        }
        try {
            updateClaimsForRetentionPolicy(set, pod);
        } catch (RuntimeException e) {
            recordPodEvent("update", set, pod, e);
            throw e;
        }
        recordPodEvent("create", set, pod, null);
    }

    /** Brings a pod (a copy the caller owns) back to its identity and storage and its claims to the policy. */
    void updateStatefulPod(StatefulSet set, Pod pod) {
        boolean consistent = true;
        try {
            if (!StatefulSets.identityMatches(set, pod)) {
                StatefulSets.updateIdentity(set, pod);
                consistent = false;
            }
            if (!StatefulSets.storageMatches(set, pod)) {
                StatefulSets.updateStorage(set, pod);
                consistent = false;
                createClaims(set, pod);
            }
            if (!claimsMatchRetentionPolicy(set, pod)) {
                updateClaimsForRetentionPolicy(set, pod);
                consistent = false;
            }
            if (consistent) return;
            objects.updatePod(pod);
        } catch (RuntimeException e) {
            // A conflict is retried by the next sync on a fresh cache (upstream retries in place).
            recordPodEvent("update", set, pod, e);
            throw e;
        }
        recordPodEvent("update", set, pod, null);
    }

    void deleteStatefulPod(StatefulSet set, Pod pod) {
        try {
            objects.deletePod(pod);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) return;
            recordPodEvent("delete", set, pod, e);
            throw e;
        }
        recordPodEvent("delete", set, pod, null);
    }

    /** Whether every existing claim of the pod carries the owner references the retention policy asks for. */
    boolean claimsMatchRetentionPolicy(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim want : StatefulSets.claims(set, StatefulSets.ordinal(pod)).values()) {
            PersistentVolumeClaim claim = objects.getClaim(want.getMetadata().getNamespace(), want.getMetadata().getName());
            if (claim != null && !StatefulSets.claimOwnerUpToDate(claim, set, pod)) return false;
        }
        return true;
    }

    void updateClaimsForRetentionPolicy(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim want : StatefulSets.claims(set, StatefulSets.ordinal(pod)).values()) {
            PersistentVolumeClaim claim = objects.getClaim(want.getMetadata().getNamespace(), want.getMetadata().getName());
            if (claim == null || StatefulSets.claimOwnerUpToDate(claim, set, pod)) continue;
            if (StatefulSets.hasUnexpectedController(claim, set, pod)) {
                recordClaimEvent("update", set, pod, claim, "PersistentVolumeClaim " + claim.getMetadata().getName()
                        + " has a conflicting OwnerReference that acts as a managing controller, the retention policy is ignored for this claim");
            }
            PersistentVolumeClaim copy = Copies.deepCopy(claim);
            StatefulSets.updateClaimOwnerRefs(copy, set, pod);
            objects.updateClaim(copy);
        }
    }

    /**
     * Upstream's {@code PodClaimIsStale}: with whenScaled=Delete, a claim still owned by an earlier
     * pod of this name is about to be collected; a new pod must not mount it.
     */
    boolean podClaimIsStale(StatefulSet set, Pod pod) {
        if (StatefulSets.RETAIN.equals(StatefulSets.retention(set).whenScaled())) return false;
        for (PersistentVolumeClaim want : StatefulSets.claims(set, StatefulSets.ordinal(pod)).values()) {
            PersistentVolumeClaim claim = objects.getClaim(want.getMetadata().getNamespace(), want.getMetadata().getName());
            if (claim != null && StatefulSets.hasStaleOwnerRef(claim, pod)) return true;
        }
        return false;
    }

    /** A pending pod whose claims were deleted gets them back. */
    void createMissingClaims(StatefulSet set, Pod pod) {
        createClaims(set, pod);
        try {
            updateClaimsForRetentionPolicy(set, pod);
        } catch (RuntimeException e) {
            recordPodEvent("update", set, pod, e);
            throw e;
        }
    }

    private void createClaims(StatefulSet set, Pod pod) {
        List<String> errors = new ArrayList<>();
        for (PersistentVolumeClaim claim : StatefulSets.claims(set, StatefulSets.ordinal(pod)).values()) {
            String name = claim.getMetadata().getName();
            PersistentVolumeClaim existing = objects.getClaim(claim.getMetadata().getNamespace(), name);
            if (existing != null) {
                if (existing.getMetadata().getDeletionTimestamp() != null) errors.add("pvc " + name + " is being deleted");
                continue;
            }
            // Made with the owner references the retention policy asks for, so a claim is never collected late.
            StatefulSets.updateClaimOwnerRefs(claim, set, pod);
            try {
                objects.createClaim(claim);
                recordClaimEvent("create", set, pod, claim, null);
            } catch (KubernetesClientException e) {
                errors.add("failed to create PVC " + name + ": " + message(e));
                if (e.getCode() != 409) recordClaimEvent("create", set, pod, claim, message(e));
            }
        }
        if (!errors.isEmpty()) throw new IllegalStateException(String.join(", ", errors));
    }

    private void recordPodEvent(String verb, StatefulSet set, Pod pod, RuntimeException error) {
        String title = Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
        if (error == null) {
            recorder.event(set, EventRecorder.NORMAL, "Successful" + title,
                    verb + " Pod " + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " successful");
        } else {
            recorder.event(set, EventRecorder.WARNING, "Failed" + title, verb + " Pod " + pod.getMetadata().getName()
                    + " in StatefulSet " + set.getMetadata().getName() + " failed error: " + message(error));
        }
    }

    private void recordClaimEvent(String verb, StatefulSet set, Pod pod, PersistentVolumeClaim claim, String error) {
        String title = Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
        if (error == null) {
            recorder.event(set, EventRecorder.NORMAL, "Successful" + title, verb + " Claim " + claim.getMetadata().getName() + " Pod "
                    + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " success");
        } else {
            recorder.event(set, EventRecorder.WARNING, "Failed" + title, verb + " Claim " + claim.getMetadata().getName() + " for Pod "
                    + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " failed error: " + error);
        }
    }

    static String message(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage();
        }
        return e.getMessage();
    }
}
