package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Upstream's {@code FakePodControl}: records what a controller asked, fails on demand. */
public final class FakePodControl implements PodControl {

    public final List<String> actions = Collections.synchronizedList(new ArrayList<>());
    /** Creates that succeed before every later one fails; negative: never fail. */
    public final AtomicInteger createLimit = new AtomicInteger(-1);
    public volatile RuntimeException deleteError;

    @Override
    public void createPod(String namespace, PodTemplateSpec template, HasMetadata owner, OwnerReference ref) {
        if (createLimit.get() == 0) throw new IllegalStateException("quota exceeded");
        createLimit.decrementAndGet();
        actions.add("create pod " + namespace + " for " + ref.getKind() + " " + ref.getName());
    }

    @Override
    public void deletePod(String namespace, String name, HasMetadata owner) {
        if (deleteError != null) throw deleteError;
        actions.add("delete pod " + namespace + "/" + name);
    }

    @Override
    public void patchPod(String namespace, String name, String patch) {
        actions.add("patch pod " + namespace + "/" + name + " " + (patch.contains("\"$patch\":\"delete\"") ? "release" : "adopt"));
    }

    /** The actions so far, sorted (creates and deletes of one batch run in parallel), then forgotten. */
    public List<String> take() {
        synchronized (actions) {
            List<String> out = new ArrayList<>(actions);
            Collections.sort(out);
            actions.clear();
            return out;
        }
    }
}
