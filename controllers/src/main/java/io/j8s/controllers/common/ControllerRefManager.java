package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.api.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Upstream's {@code BaseControllerRefManager.ClaimObject}: of the objects a controller's selector
 * could cover, it keeps those it controls and that still match, adopts matching orphans (unless it
 * is being deleted, and only once a fresh read shows it is still the same object), and releases
 * those it controls that no longer match. Objects controlled by another controller are left alone.
 */
public final class ControllerRefManager<T extends HasMetadata> {

    /** A strategic merge patch of one dependent. */
    @FunctionalInterface
    public interface Patcher {
        void patch(String namespace, String name, String strategicMergePatch);
    }

    private final HasMetadata controller;
    private final OwnerReference ref;
    private final LabelSelector selector;
    private final Supplier<String> canAdoptError;
    private final Patcher patcher;
    private String adoptCheck;
    private boolean adoptChecked;

    /**
     * @param canAdoptError a fresh read of the controller: null when it may adopt, else why not
     *     (upstream's {@code RecheckDeletionTimestamp}); asked at most once, at the first orphan
     */
    public ControllerRefManager(HasMetadata controller, String apiVersion, String kind, LabelSelector selector,
            Supplier<String> canAdoptError, Patcher patcher) {
        this.controller = controller;
        this.ref = ControllerRefs.newControllerRef(controller, apiVersion, kind);
        this.selector = selector;
        this.canAdoptError = canAdoptError;
        this.patcher = patcher;
    }

    /** The objects this controller owns after claiming; throws the first failure after trying them all. */
    public List<T> claim(List<T> objects) {
        List<T> claimed = new ArrayList<>();
        RuntimeException failure = null;
        for (T obj : objects) {
            try {
                if (claimOne(obj)) claimed.add(obj);
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
        return claimed;
    }

    private boolean claimOne(T obj) {
        Map<String, String> labels = obj.getMetadata().getLabels();
        OwnerReference owner = ControllerRefs.controllerOf(obj);
        boolean deleting = controller.getMetadata().getDeletionTimestamp() != null;
        if (owner != null) {
            if (!Objects.equals(owner.getUid(), controller.getMetadata().getUid())) return false;
            if (selector.matches(labels)) return true;
            if (deleting) return false;
            patch(obj, ControllerRefs.releasePatch(ref.getUid(), obj.getMetadata().getUid()));
            return false;
        }
        if (deleting || !selector.matches(labels)) return false;
        if (obj.getMetadata().getDeletionTimestamp() != null) return false;
        if (!adoptChecked) {
            adoptCheck = canAdoptError.get();
            adoptChecked = true;
        }
        if (adoptCheck != null) throw new IllegalStateException("can't adopt " + obj.getKind() + " "
                + obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName() + ": " + adoptCheck);
        return patch(obj, ControllerRefs.adoptPatch(ref, obj.getMetadata().getUid()));
    }

    /** False when the object is gone (nothing to claim or release). */
    private boolean patch(T obj, String patch) {
        try {
            patcher.patch(obj.getMetadata().getNamespace(), obj.getMetadata().getName(), patch);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) return false;
            throw e;
        }
    }

    /** Upstream's adoption recheck on a fresh read of the controller. */
    public static String recheck(HasMetadata cached, HasMetadata fresh) {
        String name = cached.getMetadata().getNamespace() + "/" + cached.getMetadata().getName();
        if (fresh == null) return "original " + cached.getKind() + " " + name + " is gone";
        if (!Objects.equals(fresh.getMetadata().getUid(), cached.getMetadata().getUid())) {
            return "original " + cached.getKind() + " " + name + " is gone: got uid " + fresh.getMetadata().getUid()
                    + ", wanted " + cached.getMetadata().getUid();
        }
        if (fresh.getMetadata().getDeletionTimestamp() != null) {
            return cached.getKind() + " " + name + " has just been deleted at " + fresh.getMetadata().getDeletionTimestamp();
        }
        return null;
    }
}
