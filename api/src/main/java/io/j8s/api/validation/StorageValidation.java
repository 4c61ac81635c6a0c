package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.Quantity;
import io.j8s.api.validation.MetaValidation.NameRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PersistentVolumeClaims and PersistentVolumes. */
final class StorageValidation {

    private StorageValidation() {}

    private static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    private static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");
    private static final List<String> PV_SOURCES = List.of("gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs",
            "nfs", "rbd", "quobyte", "cinder", "cephfs", "fc", "flocker", "flexVolume", "azureFile", "vsphereVolume",
            "photonPersistentDisk", "portworxVolume", "azureDisk", "scaleIO", "local", "storageos", "csi", "iscsi");

    static List<FieldError> pvc(JsonNode pvc) {
        List<FieldError> errs = MetaValidation.objectMeta(pvc, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(pvcSpec(Tree.at(pvc, "spec"), "spec"));
        return errs;
    }

    static List<FieldError> pvcSpec(JsonNode spec, String path) {
        List<FieldError> errs = new ArrayList<>();
        List<String> modes = Tree.stringList(spec, "accessModes");
        if (modes.isEmpty()) errs.add(FieldError.required(path + ".accessModes", "at least 1 access mode is required"));
        if (Tree.has(spec, "selector")) errs.addAll(MetaValidation.labelSelector(spec.get("selector"), path + ".selector"));
        for (String m : modes) {
            if (!ACCESS_MODES.contains(m)) errs.add(Errs.notSupported(path + ".accessModes", m, ACCESS_MODES));
        }
        if (modes.contains("ReadWriteOncePod") && modes.size() > 1) {
            errs.add(FieldError.forbidden(path + ".accessModes", "may not use ReadWriteOncePod with other access modes"));
        }
        Map<String, String> requests = Tree.strings(spec, "resources", "requests");
        String sp = path + ".resources[storage]";
        if (!requests.containsKey("storage")) {
            errs.add(FieldError.required(sp, ""));
        } else {
            Quantity q = Quantity.parseOrNull(requests.get("storage"));
            if (q == null) errs.addAll(ContainerValidation.quantityValue("storage", requests.get("storage"), sp));
            else if (q.signum() <= 0) errs.add(Errs.invalid(sp, q.toString(), "must be greater than zero"));
        }
        String sc = Tree.str(spec, "storageClassName");
        if (!sc.isEmpty()) Names.dns1123Subdomain(sc).forEach(m -> errs.add(Errs.invalid(path + ".storageClassName", sc, m)));
        if (Tree.has(spec, "volumeMode")) {
            String vm = Tree.str(spec, "volumeMode");
            if (!VOLUME_MODES.contains(vm)) errs.add(Errs.notSupported(path + ".volumeMode", vm, VOLUME_MODES));
        }
        return errs;
    }

    /** A claim's spec is fixed once created; a bound claim may only grow its storage request. */
    static List<FieldError> pvcUpdate(JsonNode pvc, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(pvc, old);
        errs.addAll(pvcSpec(Tree.at(pvc, "spec"), "spec"));
        JsonNode spec = Tree.at(pvc, "spec");
        JsonNode oldSpec = Tree.at(old, "spec");
        ObjectNode clone = Tree.copyOf(spec);
        ObjectNode oldClone = Tree.copyOf(oldSpec);
        // The volume controller sets volumeName once.
        if (Tree.str(oldSpec, "volumeName").isEmpty()) {
            if (clone.has("volumeName")) oldClone.set("volumeName", clone.get("volumeName"));
            else oldClone.remove("volumeName");
        }
        boolean bound = Tree.str(old, "status", "phase").equals("Bound");
        if (bound && clone.path("resources").path("requests").isObject()) {
            ObjectNode requests = (ObjectNode) clone.path("resources").path("requests");
            JsonNode oldStorage = oldSpec.path("resources").path("requests").path("storage");
            if (oldStorage.isMissingNode()) requests.remove("storage");
            else requests.set("storage", oldStorage);
        }
        if (!Diff.equal(clone, oldClone)) {
            errs.add(FieldError.forbidden("spec", "spec is immutable after creation except resources.requests for bound claims"));
        }
        Quantity now = Quantity.parseOrNull(Tree.str(spec, "resources", "requests", "storage"));
        Quantity before = Quantity.parseOrNull(Tree.str(oldSpec, "resources", "requests", "storage"));
        if (now != null && before != null && now.compareTo(before) < 0) {
            errs.add(FieldError.forbidden("spec.resources.requests.storage", "field can not be less than previous value"));
        }
        return errs;
    }

    static List<FieldError> pv(JsonNode pv) {
        List<FieldError> errs = MetaValidation.objectMeta(pv, false, NameRule.DNS1123_SUBDOMAIN);
        JsonNode spec = Tree.at(pv, "spec");
        List<String> modes = Tree.stringList(spec, "accessModes");
        if (modes.isEmpty()) errs.add(FieldError.required("spec.accessModes", ""));
        for (String m : modes) {
            if (!ACCESS_MODES.contains(m)) errs.add(Errs.notSupported("spec.accessModes", m, ACCESS_MODES));
        }
        Map<String, String> capacity = Tree.strings(spec, "capacity");
        if (capacity.isEmpty()) errs.add(FieldError.required("spec.capacity", ""));
        if (!capacity.containsKey("storage") || capacity.size() > 1) {
            errs.add(FieldError.notSupported("spec.capacity", new Errs.GoValue(Errs.json(spec.path("capacity"))), List.of("storage")));
        }
        for (Map.Entry<String, String> e : capacity.entrySet()) {
            String p = "spec.capacity[" + e.getKey() + "]";
            Quantity q = Quantity.parseOrNull(e.getValue());
            if (q == null) errs.addAll(ContainerValidation.quantityValue(e.getKey(), e.getValue(), p));
            else if (q.signum() <= 0) errs.add(Errs.invalid(p, q.toString(), "must be greater than zero"));
        }
        int sources = 0;
        for (String s : PV_SOURCES) {
            if (!Tree.has(spec, s)) continue;
            if (sources > 0) errs.add(FieldError.forbidden("spec." + s, "may not specify more than 1 volume type"));
            sources++;
        }
        if (sources == 0) errs.add(FieldError.required("spec", "must specify a volume type"));
        String reclaim = Tree.str(spec, "persistentVolumeReclaimPolicy");
        List<String> policies = List.of("Delete", "Recycle", "Retain");
        if (!reclaim.isEmpty() && !policies.contains(reclaim)) errs.add(Errs.notSupported("spec.persistentVolumeReclaimPolicy", reclaim, policies));
        if (Tree.has(spec, "volumeMode")) {
            String vm = Tree.str(spec, "volumeMode");
            if (!VOLUME_MODES.contains(vm)) errs.add(Errs.notSupported("spec.volumeMode", vm, VOLUME_MODES));
        }
        return errs;
    }

    /** The volume source and mode of a PersistentVolume are fixed once created. */
    static List<FieldError> pvUpdate(JsonNode pv, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(pv, old);
        errs.addAll(pv(pv).stream().filter(e -> !e.field().startsWith("metadata.")).toList());
        JsonNode spec = Tree.at(pv, "spec");
        JsonNode oldSpec = Tree.at(old, "spec");
        for (String s : PV_SOURCES) {
            if (!Diff.equal(spec.path(s), oldSpec.path(s))) {
                errs.add(FieldError.forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"));
                break;
            }
        }
        if (!Tree.str(spec, "volumeMode").equals(Tree.str(oldSpec, "volumeMode"))) {
            errs.add(Errs.immutable("volumeMode", Tree.str(spec, "volumeMode")));
        }
        return errs;
    }
}
