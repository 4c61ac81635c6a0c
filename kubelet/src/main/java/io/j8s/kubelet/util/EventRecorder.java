package io.j8s.kubelet.util;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;

/**
 * What the kubelet says about a pod or the node ({@code record.EventRecorder}), with upstream's
 * reasons: {@code Pulled}, {@code Created}, {@code Started}, {@code Killing}, {@code BackOff},
 * {@code Unhealthy}, {@code Failed}, {@code FailedMount}, {@code NodeReady}, …
 */
public interface EventRecorder {

    String NORMAL = "Normal";
    String WARNING = "Warning";

    /**
     * An event about {@code object}; {@code fieldPath} names the container it is about
     * ({@code spec.containers{main}}), or is null.
     */
    void event(HasMetadata object, String fieldPath, String type, String reason, String message);

    default void event(HasMetadata object, String type, String reason, String message) {
        event(object, null, type, reason, message);
    }

    EventRecorder NONE = (object, fieldPath, type, reason, message) -> { };

    /** The reference an Event's involvedObject carries. */
    static ObjectReference reference(HasMetadata object, String fieldPath) {
        var meta = object.getMetadata();
        var ref = new ObjectReference();
        ref.setApiVersion(object.getApiVersion() == null ? "v1" : object.getApiVersion());
        ref.setKind(object.getKind());
        ref.setNamespace(meta.getNamespace());
        ref.setName(meta.getName());
        ref.setUid(meta.getUid());
        ref.setResourceVersion(meta.getResourceVersion());
        ref.setFieldPath(fieldPath);
        return ref;
    }
}
