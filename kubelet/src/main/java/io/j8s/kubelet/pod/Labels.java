package io.j8s.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * The labels and annotations the kubelet puts on sandboxes and containers (upstream's
 * {@code kubelet/types/labels.go}), by which it finds a pod's pieces again, after a restart too.
 */
public final class Labels {

    private Labels() {}

    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    /** Annotation: a hash of the container's spec; a different one means the container must be made again. */
    public static final String CONTAINER_HASH = "io.kubernetes.container.hash";
    /** Annotation: the pod's terminationGracePeriodSeconds, for a kill after the pod object is gone. */
    public static final String GRACE_PERIOD = "io.kubernetes.pod.terminationGracePeriod";
    /** Annotation: "init" for init containers. */
    public static final String CONTAINER_TYPE = "io.kubernetes.container.type";

    static Map<String, String> sandbox(Pod pod) {
        var m = pod.getMetadata();
        return Map.of(POD_NAME, m.getName(), POD_NAMESPACE, m.getNamespace(), POD_UID, m.getUid());
    }

    static Map<String, String> container(Pod pod, String container) {
        var m = pod.getMetadata();
        return Map.of(POD_NAME, m.getName(), POD_NAMESPACE, m.getNamespace(), POD_UID, m.getUid(), CONTAINER_NAME, container);
    }

    /** {@code name_namespace(uid)}, as upstream's {@code format.Pod} names a pod in messages. */
    public static String podDesc(Pod pod) {
        var m = pod.getMetadata();
        return m.getName() + "_" + m.getNamespace() + "(" + m.getUid() + ")";
    }
}
