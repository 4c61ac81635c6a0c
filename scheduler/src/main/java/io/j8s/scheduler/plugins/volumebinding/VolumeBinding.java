package io.j8s.scheduler.plugins.volumebinding;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.helper.NodeSelectors;
import java.util.ArrayList;
import java.util.List;

/**
 * VolumeBinding, the part j8s does: a pod's PersistentVolumeClaims must exist; an unbound claim
 * with Immediate binding keeps the pod waiting; a claim bound to a PersistentVolume with node
 * affinity (a local or zonal volume) limits the pod to the nodes that affinity selects. Binding
 * claims to volumes at scheduling time (WaitForFirstConsumer) and dynamic provisioning are not
 * done here yet: such a claim does not restrict the nodes.
 */
public final class VolumeBinding implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {

    public static final String NAME = "VolumeBinding";
    public static final String ERR_REASON_NODE_CONFLICT = "node(s) had volume node affinity conflict";
    public static final String ERR_REASON_PV_NOT_EXIST = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
    public static final String ERR_REASON_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
    private static final String STATE_KEY = "PreFilter" + NAME;

    record State(List<PersistentVolume> boundVolumes, boolean missingVolume) implements CycleState.StateData {
        @Override
        public CycleState.StateData copy() {
            return this;
        }
    }

    private final Handle handle;

    VolumeBinding(Handle handle) {
        this.handle = handle;
    }

    public static Plugin factory(JsonNode args, Handle handle) {
        return new VolumeBinding(handle);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result preFilter(CycleState state, Pod pod) {
        List<Volume> volumes = pod.getSpec().getVolumes();
        if (volumes == null || volumes.stream().noneMatch(v -> v.getPersistentVolumeClaim() != null)) return Result.SKIP;
        List<PersistentVolume> bound = new ArrayList<>();
        boolean missing = false;
        String ns = pod.getMetadata().getNamespace();
        for (Volume v : volumes) {
            if (v.getPersistentVolumeClaim() == null) continue;
            String claim = v.getPersistentVolumeClaim().getClaimName();
            PersistentVolumeClaim pvc = handle.lister().persistentVolumeClaim(ns, claim);
            if (pvc == null) return Result.of(Status.unresolvable("persistentvolumeclaim \"" + claim + "\" not found"));
            if (pvc.getMetadata().getDeletionTimestamp() != null) {
                return Result.of(Status.unresolvable("persistentvolumeclaim \"" + claim + "\" is being deleted"));
            }
            String volumeName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
            if (volumeName == null || volumeName.isEmpty()) {
                if (!delayedBinding(pvc)) return Result.of(Status.unresolvable(ERR_REASON_UNBOUND_IMMEDIATE));
                continue;
            }
            PersistentVolume pv = handle.lister().persistentVolume(volumeName);
            if (pv == null) missing = true;
            else bound.add(pv);
        }
        state.write(STATE_KEY, new State(bound, missing));
        return Result.OK;
    }

    private boolean delayedBinding(PersistentVolumeClaim pvc) {
        String cls = pvc.getSpec() == null ? null : pvc.getSpec().getStorageClassName();
        if (cls == null || cls.isEmpty()) return false;
        StorageClass sc = handle.lister().storageClass(cls);
        return sc != null && "WaitForFirstConsumer".equals(sc.getVolumeBindingMode());
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        State s = state.read(STATE_KEY, State.class);
        if (s.missingVolume()) return Status.unresolvable(ERR_REASON_PV_NOT_EXIST);
        for (PersistentVolume pv : s.boundVolumes()) {
            if (pv.getSpec() == null || pv.getSpec().getNodeAffinity() == null || pv.getSpec().getNodeAffinity().getRequired() == null) continue;
            if (!NodeSelectors.matches(pv.getSpec().getNodeAffinity().getRequired(), nodeInfo.node())) {
                return Status.unresolvable(ERR_REASON_NODE_CONFLICT);
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return List.of(new ClusterEvent(ClusterEvent.Resource.PersistentVolumeClaim, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE),
                new ClusterEvent(ClusterEvent.Resource.PersistentVolume, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE),
                new ClusterEvent(ClusterEvent.Resource.StorageClass, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE),
                new ClusterEvent(ClusterEvent.Resource.Node, ClusterEvent.ActionType.ADD | ClusterEvent.ActionType.UPDATE_NODE_LABEL));
    }
}
