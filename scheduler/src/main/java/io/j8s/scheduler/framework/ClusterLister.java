package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.Map;

/** Reads of the informers' caches that plugins need beyond nodes and pods; never a call to the API. */
public interface ClusterLister {

    /** The labels of a namespace (for namespaceSelector in affinity terms); empty if unknown. */
    Map<String, String> namespaceLabels(String namespace);

    PersistentVolumeClaim persistentVolumeClaim(String namespace, String name);

    PersistentVolume persistentVolume(String name);

    StorageClass storageClass(String name);

    /** The latest version of a pod, or null if gone. */
    Pod pod(String namespace, String name);

    /** The services of a namespace (their selectors feed the default topology spreading). */
    java.util.List<io.fabric8.kubernetes.api.model.Service> services(String namespace);

    io.fabric8.kubernetes.api.model.apps.ReplicaSet replicaSet(String namespace, String name);

    io.fabric8.kubernetes.api.model.apps.StatefulSet statefulSet(String namespace, String name);

    io.fabric8.kubernetes.api.model.ReplicationController replicationController(String namespace, String name);

    /** A lister of nothing, for tests of plugins that need none. */
    ClusterLister EMPTY = new ClusterLister() {
        @Override
        public Map<String, String> namespaceLabels(String namespace) {
            return Map.of();
        }

        @Override
        public PersistentVolumeClaim persistentVolumeClaim(String namespace, String name) {
            return null;
        }

        @Override
        public PersistentVolume persistentVolume(String name) {
            return null;
        }

        @Override
        public StorageClass storageClass(String name) {
            return null;
        }

        @Override
        public Pod pod(String namespace, String name) {
            return null;
        }

        @Override
        public java.util.List<io.fabric8.kubernetes.api.model.Service> services(String namespace) {
            return java.util.List.of();
        }

        @Override
        public io.fabric8.kubernetes.api.model.apps.ReplicaSet replicaSet(String namespace, String name) {
            return null;
        }

        @Override
        public io.fabric8.kubernetes.api.model.apps.StatefulSet statefulSet(String namespace, String name) {
            return null;
        }

        @Override
        public io.fabric8.kubernetes.api.model.ReplicationController replicationController(String namespace, String name) {
            return null;
        }
    };
}
