package io.j8s.controllers.history;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.StaticLister;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link RevisionClient} over a {@link StaticLister} (the informer's contents): writes change the
 * lister, as the informer would, and are recorded as actions ("create default/ds-abc", ...).
 */
public final class FakeRevisionClient implements RevisionClient {

    public final StaticLister<ControllerRevision> store;
    public final List<String> actions = Collections.synchronizedList(new ArrayList<>());

    public FakeRevisionClient(StaticLister<ControllerRevision> store) {
        this.store = store;
    }

    @Override
    public ControllerRevision create(ControllerRevision revision) {
        String ns = revision.getMetadata().getNamespace();
        String name = revision.getMetadata().getName();
        actions.add("create " + ns + "/" + name);
        if (store.get(ns, name) != null) {
            throw new KubernetesClientException(new StatusBuilder().withCode(409).withReason("AlreadyExists").build());
        }
        ControllerRevision copy = Copies.deepCopy(revision);
        copy.getMetadata().setUid(name + "-uid");
        store.put(copy);
        return copy;
    }

    @Override
    public ControllerRevision get(String namespace, String name) {
        return Copies.deepCopy(store.get(namespace, name));
    }

    @Override
    public ControllerRevision update(ControllerRevision revision) {
        actions.add("update " + revision.getMetadata().getNamespace() + "/" + revision.getMetadata().getName()
                + " revision=" + revision.getRevision());
        store.put(Copies.deepCopy(revision));
        return revision;
    }

    @Override
    public void patch(String namespace, String name, String patch) {
        actions.add("patch " + namespace + "/" + name + " " + (patch.contains("\"$patch\":\"delete\"") ? "release" : "adopt"));
    }

    @Override
    public void delete(String namespace, String name) {
        actions.add("delete " + namespace + "/" + name);
        store.remove(namespace, name);
    }

    /** The actions so far, then forgotten. */
    public List<String> take() {
        synchronized (actions) {
            List<String> out = new ArrayList<>(actions);
            actions.clear();
            return out;
        }
    }
}
