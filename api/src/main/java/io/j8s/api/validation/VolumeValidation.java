package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Pod volumes and the mounts that refer to them. */
final class VolumeValidation {

    private VolumeValidation() {}

    private static final String FILE_MODE_MSG = "must be a number between 0 and 0777 (octal), both inclusive";

    /** The volume sources in the order upstream checks them (the first one wins, the rest are "more than 1"). */
    private static final List<String> SOURCES = List.of("emptyDir", "hostPath", "gitRepo", "gcePersistentDisk",
            "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs", "flocker", "persistentVolumeClaim", "rbd",
            "cinder", "cephfs", "quobyte", "downwardAPI", "fc", "flexVolume", "configMap", "azureFile", "vsphereVolume",
            "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO", "csi", "ephemeral", "image");
    private static final List<String> HOST_PATH_TYPES = List.of("", "DirectoryOrCreate", "Directory", "FileOrCreate", "File",
            "Socket", "CharDevice", "BlockDevice");

    /** Validates the volumes; {@code valid} receives the names of the valid ones, which mounts may use. */
    static List<FieldError> volumes(List<JsonNode> volumes, String path, Set<String> valid) {
        List<FieldError> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode v = volumes.get(i);
            String ip = path + "[" + i + "]";
            List<FieldError> errs = new ArrayList<>(source(v, ip));
            String name = Tree.str(v, "name");
            if (name.isEmpty()) errs.add(FieldError.required(ip + ".name", ""));
            else errs.addAll(Names.validateDns1123Label(name, ip + ".name"));
            if (names.contains(name)) errs.add(Errs.duplicate(ip + ".name", name));
            if (errs.isEmpty()) {
                names.add(name);
                valid.add(name);
            }
            all.addAll(errs);
        }
        return all;
    }

    private static List<FieldError> source(JsonNode v, String path) {
        List<FieldError> errs = new ArrayList<>();
        int n = 0;
        for (String s : SOURCES) {
            if (!Tree.has(v, s)) continue;
            if (n > 0) {
                errs.add(FieldError.forbidden(path + "." + s, "may not specify more than 1 volume type"));
                continue;
            }
            n++;
            errs.addAll(sourceFields(s, v.get(s), path + "." + s));
        }
        if (n == 0) errs.add(FieldError.required(path, "must specify a volume type"));
        return errs;
    }

    private static List<FieldError> sourceFields(String kind, JsonNode s, String path) {
        List<FieldError> errs = new ArrayList<>();
        switch (kind) {
            case "emptyDir" -> {
                if (Tree.has(s, "sizeLimit")) errs.addAll(ContainerValidation.quantityValue("sizeLimit", Tree.str(s, "sizeLimit"), path + ".sizeLimit"));
            }
            case "hostPath" -> {
                String p = Tree.str(s, "path");
                if (p.isEmpty()) errs.add(FieldError.required(path + ".path", ""));
                else errs.addAll(noBacksteps(p, path + ".path"));
                String type = Tree.str(s, "type");
                if (!HOST_PATH_TYPES.contains(type)) errs.add(Errs.notSupported(path + ".type", type, HOST_PATH_TYPES));
            }
            case "secret" -> {
                if (Tree.str(s, "secretName").isEmpty()) errs.add(FieldError.required(path + ".secretName", ""));
                errs.addAll(mode(s, "defaultMode", path));
                errs.addAll(items(Tree.items(s, "items"), path + ".items"));
            }
            case "configMap" -> {
                if (Tree.str(s, "name").isEmpty()) errs.add(FieldError.required(path + ".name", ""));
                errs.addAll(mode(s, "defaultMode", path));
                errs.addAll(items(Tree.items(s, "items"), path + ".items"));
            }
            case "persistentVolumeClaim" -> {
                if (Tree.str(s, "claimName").isEmpty()) errs.add(FieldError.required(path + ".claimName", ""));
            }
            case "nfs" -> {
                if (Tree.str(s, "server").isEmpty()) errs.add(FieldError.required(path + ".server", ""));
                String p = Tree.str(s, "path");
                if (p.isEmpty()) errs.add(FieldError.required(path + ".path", ""));
                else if (!p.startsWith("/")) errs.add(Errs.invalid(path + ".path", p, "must be an absolute path"));
            }
            case "downwardAPI" -> {
                errs.addAll(mode(s, "defaultMode", path));
                List<JsonNode> items = Tree.items(s, "items");
                for (int i = 0; i < items.size(); i++) errs.addAll(downwardItem(items.get(i), path + ".items[" + i + "]"));
            }
            case "projected" -> errs.addAll(projected(s, path));
            case "csi" -> {
                if (Tree.str(s, "driver").isEmpty()) errs.add(FieldError.required(path + ".driver", ""));
            }
            case "ephemeral" -> {
                if (!Tree.has(s, "volumeClaimTemplate")) errs.add(FieldError.required(path + ".volumeClaimTemplate", ""));
            }
            case "image" -> {
                if (Tree.str(s, "reference").isEmpty()) errs.add(FieldError.required(path + ".reference", ""));
            }
            default -> { }
        }
        return errs;
    }

    private static List<FieldError> projected(JsonNode s, String path) {
        List<FieldError> errs = new ArrayList<>(mode(s, "defaultMode", path));
        List<JsonNode> sources = Tree.items(s, "sources");
        for (int i = 0; i < sources.size(); i++) {
            JsonNode src = sources.get(i);
            String sp = path + ".sources[" + i + "]";
            int n = 0;
            for (String kind : List.of("secret", "downwardAPI", "configMap", "serviceAccountToken", "clusterTrustBundle")) {
                if (!Tree.has(src, kind)) continue;
                if (n > 0) {
                    errs.add(FieldError.forbidden(sp + "." + kind, "may not specify more than 1 volume type per source"));
                    continue;
                }
                n++;
                JsonNode k = src.get(kind);
                String kp = sp + "." + kind;
                switch (kind) {
                    case "secret", "configMap" -> errs.addAll(items(Tree.items(k, "items"), kp + ".items"));
                    case "downwardAPI" -> {
                        List<JsonNode> items = Tree.items(k, "items");
                        for (int j = 0; j < items.size(); j++) errs.addAll(downwardItem(items.get(j), kp + ".items[" + j + "]"));
                    }
                    case "serviceAccountToken" -> {
                        long exp = Tree.num(k, "expirationSeconds");
                        if (exp < 600) errs.add(Errs.invalid(kp + ".expirationSeconds", exp, "may not specify a duration less than 10 minutes"));
                        else if (exp > 4294967296L) errs.add(Errs.invalid(kp + ".expirationSeconds", exp, "may not specify a duration larger than 2^32 seconds"));
                        String p = Tree.str(k, "path");
                        if (p.isEmpty()) errs.add(FieldError.required(kp + ".path", ""));
                    }
                    default -> { }
                }
            }
            if (n == 0) errs.add(FieldError.required(sp, "must specify exactly 1 volume type"));
        }
        return errs;
    }

    private static List<FieldError> downwardItem(JsonNode item, String path) {
        List<FieldError> errs = new ArrayList<>();
        String p = Tree.str(item, "path");
        if (p.isEmpty()) errs.add(FieldError.required(path + ".path", ""));
        errs.addAll(localNonReservedPath(p, path + ".path"));
        errs.addAll(mode(item, "mode", path));
        if (Tree.has(item, "fieldRef")) {
            errs.addAll(ContainerValidation.fieldRef(item.get("fieldRef"), path + ".fieldRef", List.of("metadata.annotations",
                    "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid")));
        }
        return errs;
    }

    private static List<FieldError> items(List<JsonNode> items, String path) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode kp = items.get(i);
            String ip = path + "[" + i + "]";
            if (Tree.str(kp, "key").isEmpty()) errs.add(FieldError.required(ip + ".key", ""));
            String p = Tree.str(kp, "path");
            if (p.isEmpty()) errs.add(FieldError.required(ip + ".path", ""));
            errs.addAll(localNonReservedPath(p, ip + ".path"));
            errs.addAll(mode(kp, "mode", ip));
        }
        return errs;
    }

    private static List<FieldError> mode(JsonNode s, String field, String path) {
        if (!Tree.has(s, field)) return List.of();
        long m = Tree.num(s, field);
        return m > 0777 || m < 0 ? List.of(Errs.invalid(path + "." + field, m, FILE_MODE_MSG)) : List.of();
    }

    static List<FieldError> localDescendingPath(String p, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (p.startsWith("/")) errs.add(Errs.invalid(path, p, "must be a relative path"));
        errs.addAll(noBacksteps(p, path));
        return errs;
    }

    private static List<FieldError> localNonReservedPath(String p, String path) {
        List<FieldError> errs = new ArrayList<>(localDescendingPath(p, path));
        // Not reported twice when the '..' element check already caught it.
        if (p.startsWith("..") && !p.startsWith("../")) errs.add(Errs.invalid(path, p, "must not start with '..'"));
        return errs;
    }

    private static List<FieldError> noBacksteps(String p, String path) {
        for (String part : p.split("/", -1)) {
            if (part.equals("..")) return List.of(Errs.invalid(path, p, "must not contain '..'"));
        }
        return List.of();
    }

    static List<FieldError> mounts(List<JsonNode> mounts, Set<String> volumes, String path) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> mountPoints = new LinkedHashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            JsonNode m = mounts.get(i);
            String ip = path + "[" + i + "]";
            String name = Tree.str(m, "name");
            if (name.isEmpty()) errs.add(FieldError.required(ip + ".name", ""));
            if (!volumes.contains(name)) errs.add(Errs.notFound(ip + ".name", name));
            String mountPath = Tree.str(m, "mountPath");
            if (mountPath.isEmpty()) errs.add(FieldError.required(ip + ".mountPath", ""));
            if (!mountPoints.add(mountPath)) errs.add(Errs.invalid(ip + ".mountPath", mountPath, "must be unique"));
            String subPath = Tree.str(m, "subPath");
            // Upstream names the list here, not the mount: "volumeMounts.subPath".
            if (!subPath.isEmpty()) errs.addAll(localDescendingPath(subPath, path + ".subPath"));
            if (Tree.has(m, "mountPropagation")) {
                String mp = Tree.str(m, "mountPropagation");
                List<String> supported = List.of("Bidirectional", "HostToContainer", "None");
                if (!supported.contains(mp)) errs.add(Errs.notSupported(ip + ".mountPropagation", mp, supported));
            }
        }
        return errs;
    }
}
