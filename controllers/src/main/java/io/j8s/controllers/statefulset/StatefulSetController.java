package io.j8s.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.selector.InvalidSelectorException;
import io.j8s.api.selector.LabelSelector;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.ControllerRefManager;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.history.History;
import io.j8s.controllers.history.RevisionClient;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's StatefulSet controller ({@code pkg/controller/statefulset/stateful_set.go}): the
 * informers' side and the sync. A sync claims the set's ControllerRevisions and pods (only pods
 * named {@code <set>-<ordinal>} are its members), hands them to {@link StatefulSetControl}, and
 * looks again after minReadySeconds while pods are ready but not yet available. No expectations:
 * pod names are fixed, so a create the cache does not show yet fails with AlreadyExists.
 */
public final class StatefulSetController {

    public static final String NAME = "statefulset";
    static final String COMPONENT = "statefulset-controller";

    private static final Logger log = LoggerFactory.getLogger(StatefulSetController.class);

    /** The set reads and writes past the cache (replaced in tests). */
    interface SetClient {
        /** A fresh read (adoption's recheck, a status conflict); null when gone. */
        StatefulSet get(String namespace, String name);

        void updateStatus(StatefulSet set);
    }

    private final Lister<StatefulSet> sets;
    private final Lister<Pod> pods;
    private final History history;
    private final StatefulSetControl control;
    private final SetClient client;
    private final PodPatcher patcher;
    private final WorkQueue queue;

    /** The pod adoption and release patches. */
    interface PodPatcher {
        void patchPod(String namespace, String name, String patch);
    }

    StatefulSetController(Lister<StatefulSet> sets, Lister<Pod> pods, History history, StatefulPodControl podControl,
            PodPatcher patcher, SetClient client, WorkQueue queue, EventRecorder recorder, java.time.Clock clock) {
        this.sets = sets;
        this.pods = pods;
        this.history = history;
        this.patcher = patcher;
        this.client = client;
        this.queue = queue;
        this.control = new StatefulSetControl(podControl, history, this::updateStatus, recorder, clock);
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<StatefulSet> setInformer = ctx.informers().of(StatefulSet.class);
        SharedIndexInformer<Pod> podInformer = ctx.informers().of(Pod.class);
        SharedIndexInformer<PersistentVolumeClaim> claimInformer = ctx.informers().of(PersistentVolumeClaim.class);
        SharedIndexInformer<ControllerRevision> revisionInformer = ctx.informers().of(ControllerRevision.class);
        WorkQueue queue = ctx.workQueue("statefulset");
        KubernetesClient k8s = ctx.client();
        SetClient client = new SetClient() {
            @Override
            public StatefulSet get(String namespace, String name) {
                return k8s.apps().statefulSets().inNamespace(namespace).withName(name).get();
            }

            @Override
            public void updateStatus(StatefulSet set) {
                k8s.apps().statefulSets().inNamespace(set.getMetadata().getNamespace()).resource(set).updateStatus();
            }
        };
        Lister<Pod> podLister = Lister.of(podInformer);
        EventRecorder recorder = ctx.recorder(COMPONENT);
        var podControl = new StatefulPodControl(ObjectManager.of(k8s, Lister.of(claimInformer)), recorder);
        var history = new History(Lister.of(revisionInformer), RevisionClient.of(k8s));
        PodPatcher patcher = (ns, name, patch) -> io.j8s.controllers.common.Named.pod(k8s, ns, name).patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE), patch);
        var ssc = new StatefulSetController(Lister.of(setInformer), podLister, history, podControl, patcher, client, queue, recorder, ctx.clock());
        setInformer.addEventHandler(ssc.setHandler());
        podInformer.addEventHandler(ssc.podHandler());
        return new Controller(NAME, queue, ssc::sync, List.of(setInformer::hasSynced, podInformer::hasSynced, claimInformer::hasSynced,
                revisionInformer::hasSynced));
    }

    // ---- the sync ----

    void sync(String key) {
        StatefulSet set = sets.get(Keys.namespace(key), Keys.name(key));
        if (set == null) return;
        LabelSelector selector;
        try {
            selector = LabelSelector.fromMeta(set.getSpec().getSelector());
        } catch (InvalidSelectorException e) {
            log.warn("StatefulSet {} has an invalid selector: {}", key, e.getMessage());
            return;
        }
        List<ControllerRevision> revisions = history.claim(set, StatefulSets.API_VERSION, StatefulSets.KIND, selector, () -> recheck(set));
        List<Pod> owned = claimPods(set, selector);
        StatefulSetStatus status = control.updateStatefulSet(set, owned, revisions);
        int minReady = StatefulSets.minReadySeconds(set);
        if (minReady > 0 && !Objects.equals(status.getAvailableReplicas(), StatefulSets.replicas(set))) {
            queue.addAfter(key, Duration.ofSeconds(minReady));
        }
    }

    private String recheck(StatefulSet set) {
        return ControllerRefManager.recheck(set, client.get(set.getMetadata().getNamespace(), set.getMetadata().getName()));
    }

    /** Upstream's {@code getPodsForStatefulSet}: adoption and release among the pods named as its members. */
    private List<Pod> claimPods(StatefulSet set, LabelSelector selector) {
        List<Pod> members = pods.list(set.getMetadata().getNamespace()).stream().filter(p -> StatefulSets.isMemberOf(set, p)).toList();
        var manager = new ControllerRefManager<Pod>(set, StatefulSets.API_VERSION, StatefulSets.KIND, selector, () -> recheck(set),
                patcher::patchPod);
        return manager.claim(members);
    }

    /** Upstream's {@code realStatefulSetStatusUpdater}: the status on the cached set, once more on a fresh read after a conflict. */
    private void updateStatus(StatefulSet set, StatefulSetStatus status) {
        StatefulSet copy = Copies.deepCopy(set);
        copy.setStatus(status);
        try {
            client.updateStatus(copy);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) throw e;
            StatefulSet latest = client.get(set.getMetadata().getNamespace(), set.getMetadata().getName());
            if (latest == null) return;
            latest.setStatus(status);
            client.updateStatus(latest);
        }
    }

    // ---- the informers' side ----

    /** The set a controller reference names, if the cache has that very one (same uid). */
    private StatefulSet resolve(String namespace, OwnerReference ref) {
        return ControllerRefs.resolve(sets, StatefulSets.KIND, namespace, ref);
    }

    /** The sets whose selector matches an orphan pod's labels. */
    private List<StatefulSet> setsMatching(Pod pod) {
        List<StatefulSet> out = new ArrayList<>();
        for (StatefulSet set : sets.list(pod.getMetadata().getNamespace())) {
            try {
                if (LabelSelector.fromMeta(set.getSpec().getSelector()).matches(pod.getMetadata().getLabels())) out.add(set);
            } catch (InvalidSelectorException e) {
                // such a set selects nothing
            }
        }
        return out;
    }

    ResourceEventHandler<StatefulSet> setHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(StatefulSet set) {
                queue.add(Keys.of(set));
            }

            @Override
            public void onUpdate(StatefulSet old, StatefulSet cur) {
                queue.add(Keys.of(cur));
            }

            @Override
            public void onDelete(StatefulSet set, boolean unknown) {
                queue.add(Keys.of(set));
            }
        };
    }

    ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    onDelete(pod, false);
                    return;
                }
                OwnerReference ref = ControllerRefs.controllerOf(pod);
                if (ref != null) {
                    StatefulSet set = resolve(pod.getMetadata().getNamespace(), ref);
                    if (set != null) queue.add(Keys.of(set));
                    return;
                }
                setsMatching(pod).forEach(s -> queue.add(Keys.of(s)));
            }

            @Override
            public void onUpdate(Pod old, Pod cur) {
                if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) return;
                boolean labelsChanged = !Objects.equals(Pods.labels(old), Pods.labels(cur));
                OwnerReference curRef = ControllerRefs.controllerOf(cur);
                OwnerReference oldRef = ControllerRefs.controllerOf(old);
                boolean refChanged = !Objects.equals(curRef == null ? null : curRef.getUid(), oldRef == null ? null : oldRef.getUid());
                if (refChanged && oldRef != null) {
                    StatefulSet set = resolve(old.getMetadata().getNamespace(), oldRef);
                    if (set != null) queue.add(Keys.of(set));
                }
                if (curRef != null) {
                    StatefulSet set = resolve(cur.getMetadata().getNamespace(), curRef);
                    if (set == null) return;
                    queue.add(Keys.of(set));
                    int minReady = StatefulSets.minReadySeconds(set);
                    if (!Pods.isReady(old) && Pods.isReady(cur) && minReady > 0) queue.addAfter(Keys.of(set), Duration.ofSeconds(minReady));
                    return;
                }
                if (labelsChanged || refChanged) setsMatching(cur).forEach(s -> queue.add(Keys.of(s)));
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                StatefulSet set = resolve(pod.getMetadata().getNamespace(), ControllerRefs.controllerOf(pod));
                if (set != null) queue.add(Keys.of(set));
            }
        };
    }
}
