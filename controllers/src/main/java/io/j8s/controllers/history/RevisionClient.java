package io.j8s.controllers.history;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The ControllerRevision writes {@link History} makes; the real one is {@link #of}, tests use a
 * fake that records actions. Failures are the client's {@code KubernetesClientException}
 * (409 for a name taken on create, 404 for one gone).
 */
public interface RevisionClient {

    ControllerRevision create(ControllerRevision revision);

    /** A fresh read past the cache; null when there is none. */
    ControllerRevision get(String namespace, String name);

    ControllerRevision update(ControllerRevision revision);

    /** A strategic merge patch (adoption and release). */
    void patch(String namespace, String name, String strategicMergePatch);

    /** Deletes; a revision already gone is not an error. */
    void delete(String namespace, String name);

    static RevisionClient of(KubernetesClient k8s) {
        return new RevisionClient() {
            @Override
            public ControllerRevision create(ControllerRevision revision) {
                return k8s.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace()).resource(revision).create();
            }

            @Override
            public ControllerRevision get(String namespace, String name) {
                return k8s.apps().controllerRevisions().inNamespace(namespace).withName(name).get();
            }

            @Override
            public ControllerRevision update(ControllerRevision revision) {
                return k8s.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace()).resource(revision).update();
            }

            @Override
            public void patch(String namespace, String name, String patch) {
                io.j8s.controllers.common.Named.controllerRevision(k8s, namespace, name).patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE), patch);
            }

            @Override
            public void delete(String namespace, String name) {
                k8s.apps().controllerRevisions().inNamespace(namespace).withName(name).delete();
            }
        };
    }
}
