package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Objects;

/** Upstream's {@code metav1.GetControllerOf} and {@code NewControllerRef}. */
public final class ControllerRefs {

    private ControllerRefs() {}

    /**
     * The owner a controller reference names, if {@code owners}' cache has that very object (the
     * same kind, name and uid: not a namesake made after the original was deleted), else null.
     */
    public static <T extends HasMetadata> T resolve(Lister<T> owners, String kind, String namespace, OwnerReference ref) {
        if (ref == null || !kind.equals(ref.getKind())) return null;
        T owner = owners.get(namespace, ref.getName());
        return owner != null && Objects.equals(owner.getMetadata().getUid(), ref.getUid()) ? owner : null;
    }

    /** The owner reference with {@code controller: true}, or null. */
    public static OwnerReference controllerOf(HasMetadata obj) {
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
        if (refs == null) return null;
        for (OwnerReference r : refs) {
            if (Boolean.TRUE.equals(r.getController())) return r;
        }
        return null;
    }

    public static boolean isControlledBy(HasMetadata obj, HasMetadata owner) {
        return isControlledBy(obj, owner.getMetadata().getUid());
    }

    /** Whether {@code obj}'s controller reference names the owner with {@code ownerUid}. */
    public static boolean isControlledBy(HasMetadata obj, String ownerUid) {
        OwnerReference ref = controllerOf(obj);
        return ref != null && Objects.equals(ref.getUid(), ownerUid);
    }

    /** A controller reference to {@code owner}, blocking its foreground deletion, as upstream's controllers write. */
    public static OwnerReference newControllerRef(HasMetadata owner, String apiVersion, String kind) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
    }

    /** The strategic merge patch that adds {@code ref} (upstream's adoption patch; the uid guards against a re-made object). */
    public static String adoptPatch(OwnerReference ref, String uid) {
        return "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"" + ref.getApiVersion() + "\",\"kind\":\"" + ref.getKind()
                + "\",\"name\":\"" + ref.getName() + "\",\"uid\":\"" + ref.getUid()
                + "\",\"controller\":true,\"blockOwnerDeletion\":true}],\"uid\":\"" + uid + "\"}}";
    }

    /** The strategic merge patch that removes the reference to {@code ownerUid} (upstream's release patch). */
    public static String releasePatch(String ownerUid, String uid) {
        return "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":\"" + ownerUid + "\"}],\"uid\":\"" + uid + "\"}}";
    }
}
