package io.j8s.controllers.deployment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.selector.InvalidSelectorException;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.ControllerRefManager;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.Named;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Upstream's Deployment controller ({@code pkg/controller/deployment}): each Deployment owns
 * ReplicaSets named {@code <deployment>-<pod-template-hash>}, one per template it has had; it
 * rolls from the old ones to the new one (RollingUpdate within maxSurge and maxUnavailable, or
 * Recreate), scales them proportionally when the Deployment is scaled mid-rollout, keeps
 * {@code revisionHistoryLimit} old ones, and reports status and the Progressing and Available
 * conditions that {@code kubectl rollout status} reads. A rollback is a template change back to
 * an old template: that ReplicaSet becomes the new one again, under a new revision.
 */
public final class DeploymentController {

    public static final String NAME = "deployment";
    static final String COMPONENT = "deployment-controller";

    /** The writes this controller makes (a recording fake in tests). */
    interface DeploymentClient {
        ReplicaSet createReplicaSet(ReplicaSet rs);

        ReplicaSet updateReplicaSet(ReplicaSet rs);

        void deleteReplicaSet(String namespace, String name);

        /** A strategic merge patch of a ReplicaSet (adoption, release). */
        void patchReplicaSet(String namespace, String name, String patch);

        Deployment updateStatus(Deployment d);

        /** Fresh reads past the cache; null when gone. */
        Deployment getDeployment(String namespace, String name);

        ReplicaSet getReplicaSet(String namespace, String name);
    }

    private final Lister<Deployment> deployments;
    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final DeploymentClient client;
    private final WorkQueue queue;
    private final Syncer syncer;

    DeploymentController(Lister<Deployment> deployments, Lister<ReplicaSet> replicaSets, Lister<Pod> pods, DeploymentClient client,
            EventRecorder recorder, WorkQueue queue, Clock clock) {
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.client = client;
        this.queue = queue;
        this.syncer = new Syncer(client, pods, recorder, queue, clock);
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<Deployment> dInformer = ctx.informers().of(Deployment.class);
        SharedIndexInformer<ReplicaSet> rsInformer = ctx.informers().of(ReplicaSet.class);
        SharedIndexInformer<Pod> podInformer = ctx.informers().of(Pod.class);
        WorkQueue queue = ctx.workQueue("deployment");
        var dc = new DeploymentController(Lister.of(dInformer), Lister.of(rsInformer), Lister.of(podInformer), apiClient(ctx.client()),
                ctx.recorder(COMPONENT), queue, ctx.clock());
        dInformer.addEventHandler(dc.deploymentHandler());
        rsInformer.addEventHandler(dc.replicaSetHandler());
        podInformer.addEventHandler(dc.podHandler());
        return new Controller(NAME, queue, dc::sync, List.of(dInformer::hasSynced, rsInformer::hasSynced, podInformer::hasSynced));
    }

    static DeploymentClient apiClient(KubernetesClient k8s) {
        return new DeploymentClient() {
            @Override
            public ReplicaSet createReplicaSet(ReplicaSet rs) {
                return k8s.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).create();
            }

            @Override
            public ReplicaSet updateReplicaSet(ReplicaSet rs) {
                return k8s.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).update();
            }

            @Override
            public void deleteReplicaSet(String namespace, String name) {
                k8s.apps().replicaSets().inNamespace(namespace).withName(name).delete();
            }

            @Override
            public void patchReplicaSet(String namespace, String name, String patch) {
                Named.replicaSet(k8s, namespace, name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
            }

            @Override
            public Deployment updateStatus(Deployment d) {
                return k8s.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(d).updateStatus();
            }

            @Override
            public Deployment getDeployment(String namespace, String name) {
                return k8s.apps().deployments().inNamespace(namespace).withName(name).get();
            }

            @Override
            public ReplicaSet getReplicaSet(String namespace, String name) {
                return k8s.apps().replicaSets().inNamespace(namespace).withName(name).get();
            }
        };
    }

    // ---- the sync ----

    void sync(String key) {
        Deployment cached = deployments.get(Keys.namespace(key), Keys.name(key));
        if (cached == null) return;
        Deployment d = Copies.deepCopy(cached);
        if (d.getStatus() == null) d.setStatus(new DeploymentStatus());
        LabelSelector sel = d.getSpec().getSelector();
        if (sel == null || ((sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty())
                && (sel.getMatchExpressions() == null || sel.getMatchExpressions().isEmpty()))) {
            syncer.recorder().event(d, EventRecorder.WARNING, "SelectingAll",
                    "This deployment is selecting all pods. A non-empty selector is required.");
            long gen = Objects.requireNonNullElse(d.getMetadata().getGeneration(), 0L);
            if (Objects.requireNonNullElse(d.getStatus().getObservedGeneration(), 0L) < gen) {
                d.getStatus().setObservedGeneration(gen);
                syncer.updateStatus(d);
            }
            return;
        }
        io.j8s.api.selector.LabelSelector selector;
        try {
            selector = io.j8s.api.selector.LabelSelector.fromMeta(sel);
        } catch (InvalidSelectorException e) {
            return;
        }
        List<ReplicaSet> rsList = claimReplicaSets(d, selector);
        if (d.getMetadata().getDeletionTimestamp() != null) {
            syncer.syncStatusOnly(d, rsList);
            return;
        }
        syncer.checkPausedConditions(d);
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            syncer.syncScale(d, rsList);
            return;
        }
        if (syncer.isScalingEvent(d, rsList)) {
            syncer.syncScale(d, rsList);
            return;
        }
        if (DeploymentUtil.isRollingUpdate(d)) {
            syncer.rolloutRolling(d, rsList);
        } else {
            syncer.rolloutRecreate(d, rsList);
        }
    }

    private List<ReplicaSet> claimReplicaSets(Deployment d, io.j8s.api.selector.LabelSelector selector) {
        var manager = new ControllerRefManager<ReplicaSet>(d, "apps/v1", "Deployment", selector,
                () -> ControllerRefManager.recheck(d, client.getDeployment(d.getMetadata().getNamespace(), d.getMetadata().getName())),
                client::patchReplicaSet);
        return manager.claim(replicaSets.list(d.getMetadata().getNamespace()));
    }

    // ---- the informers' side ----

    private Deployment resolve(String namespace, OwnerReference ref) {
        return ControllerRefs.resolve(deployments, "Deployment", namespace, ref);
    }

    private List<Deployment> deploymentsMatching(ReplicaSet rs) {
        List<Deployment> out = new ArrayList<>();
        for (Deployment d : deployments.list(rs.getMetadata().getNamespace())) {
            try {
                var s = io.j8s.api.selector.LabelSelector.fromMeta(d.getSpec().getSelector());
                if (!s.isEmpty() && s.matches(rs.getMetadata().getLabels())) out.add(d);
            } catch (InvalidSelectorException e) {
                // selects nothing
            }
        }
        return out;
    }

    private void enqueue(Deployment d) {
        if (d != null) queue.add(Keys.of(d));
    }

    ResourceEventHandler<Deployment> deploymentHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                enqueue(d);
            }

            @Override
            public void onUpdate(Deployment old, Deployment cur) {
                enqueue(cur);
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
                enqueue(d);
            }
        };
    }

    ResourceEventHandler<ReplicaSet> replicaSetHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                if (rs.getMetadata().getDeletionTimestamp() != null) {
                    onDelete(rs, false);
                    return;
                }
                OwnerReference ref = ControllerRefs.controllerOf(rs);
                if (ref != null) {
                    enqueue(resolve(rs.getMetadata().getNamespace(), ref));
                    return;
                }
                deploymentsMatching(rs).forEach(DeploymentController.this::enqueue);
            }

            @Override
            public void onUpdate(ReplicaSet old, ReplicaSet cur) {
                if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) return;
                OwnerReference curRef = ControllerRefs.controllerOf(cur);
                OwnerReference oldRef = ControllerRefs.controllerOf(old);
                boolean refChanged = !Objects.equals(curRef == null ? null : curRef.getUid(), oldRef == null ? null : oldRef.getUid());
                if (refChanged && oldRef != null) enqueue(resolve(old.getMetadata().getNamespace(), oldRef));
                if (curRef != null) {
                    enqueue(resolve(cur.getMetadata().getNamespace(), curRef));
                    return;
                }
                boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), cur.getMetadata().getLabels());
                if (labelsChanged || refChanged) deploymentsMatching(cur).forEach(DeploymentController.this::enqueue);
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean unknown) {
                enqueue(resolve(rs.getMetadata().getNamespace(), ControllerRefs.controllerOf(rs)));
            }
        };
    }

    /** A Recreate rollout waits for the old pods to go: their deletions wake it. */
    ResourceEventHandler<Pod> podHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
            }

            @Override
            public void onUpdate(Pod old, Pod cur) {
                if (Pods.isTerminated(cur) && !Pods.isTerminated(old)) onDelete(cur, false);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                OwnerReference ref = ControllerRefs.controllerOf(pod);
                if (ref == null || !"ReplicaSet".equals(ref.getKind())) return;
                ReplicaSet rs = replicaSets.get(pod.getMetadata().getNamespace(), ref.getName());
                if (rs == null || !Objects.equals(rs.getMetadata().getUid(), ref.getUid())) return;
                Deployment d = resolve(rs.getMetadata().getNamespace(), ControllerRefs.controllerOf(rs));
                if (d != null && !DeploymentUtil.isRollingUpdate(d)) enqueue(d);
            }
        };
    }
}
