package io.j8s.kubelet.volume;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.j8s.kubelet.pod.ContainerConfigs;
import io.j8s.kubelet.pod.EnvVars;
import io.j8s.kubelet.pod.PodObjects;
import io.j8s.kubelet.pod.VolumeManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Volumes as directories on the node, under {@code <root>/<pod uid>/volumes/<plugin>/<name>} as
 * upstream lays them out: emptyDir, configMap and secret (keys or items, with modes), downwardAPI,
 * projected (configMap, secret, downwardAPI sources), and hostPath (the node's own path, checked
 * against its type). The runtime mounts each at the container's mountPath. ConfigMaps and Secrets
 * are read again at each sync, so a volume follows their updates.
 */
public final class HostVolumes implements VolumeManager {

    private static final int DEFAULT_MODE = 0644;

    private final Path root;
    private final PodObjects objects;
    private final String hostIp;

    public HostVolumes(Path root, PodObjects objects, String hostIp) {
        this.root = root;
        this.objects = objects;
        this.hostIp = hostIp;
    }

    Path podDir(String uid) {
        return root.resolve(uid);
    }

    @Override
    public Map<String, Path> setUp(Pod pod) throws MountException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Volume v : pod.getSpec().getVolumes()) {
            try {
                out.put(v.getName(), setUp(pod, v));
            } catch (IOException e) {
                throw new MountException("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + e.getMessage());
            } catch (SetUpException e) {
                throw new MountException("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + e.getMessage());
            }
        }
        return out;
    }

    /** Why a volume cannot be set up yet (upstream's words after "MountVolume.SetUp failed …"). */
    static final class SetUpException extends Exception {
        SetUpException(String message) {
            super(message, null, false, false);
        }
    }

    private Path dir(Pod pod, String plugin, String name) {
        return podDir(pod.getMetadata().getUid()).resolve("volumes").resolve("kubernetes.io~" + plugin).resolve(name);
    }

    private Path setUp(Pod pod, Volume v) throws IOException, SetUpException {
        String ns = pod.getMetadata().getNamespace();
        if (v.getHostPath() != null) return hostPath(v.getHostPath());
        if (v.getEmptyDir() != null) {
            Path d = Files.createDirectories(dir(pod, "empty-dir", v.getName()));
            Files.setPosixFilePermissions(d, AtomicWriter.permissions(0777));
            return d;
        }
        if (v.getConfigMap() != null) {
            var src = v.getConfigMap();
            Map<String, AtomicWriter.File> files = new LinkedHashMap<>();
            configMapFiles(ns, src.getName(), src.getItems(), Boolean.TRUE.equals(src.getOptional()), mode(src.getDefaultMode()), files);
            Path d = dir(pod, "configmap", v.getName());
            AtomicWriter.write(d, files);
            return d;
        }
        if (v.getSecret() != null) {
            var src = v.getSecret();
            Map<String, AtomicWriter.File> files = new LinkedHashMap<>();
            secretFiles(ns, src.getSecretName(), src.getItems(), Boolean.TRUE.equals(src.getOptional()), mode(src.getDefaultMode()), files);
            Path d = dir(pod, "secret", v.getName());
            AtomicWriter.write(d, files);
            return d;
        }
        if (v.getDownwardAPI() != null) {
            Map<String, AtomicWriter.File> files = new LinkedHashMap<>();
            downwardFiles(pod, v.getDownwardAPI().getItems(), mode(v.getDownwardAPI().getDefaultMode()), files);
            Path d = dir(pod, "downward-api", v.getName());
            AtomicWriter.write(d, files);
            return d;
        }
        if (v.getProjected() != null) {
            int mode = mode(v.getProjected().getDefaultMode());
            Map<String, AtomicWriter.File> files = new LinkedHashMap<>();
            for (VolumeProjection p : v.getProjected().getSources()) {
                if (p.getConfigMap() != null) {
                    configMapFiles(ns, p.getConfigMap().getName(), p.getConfigMap().getItems(), Boolean.TRUE.equals(p.getConfigMap().getOptional()),
                            mode, files);
                } else if (p.getSecret() != null) {
                    secretFiles(ns, p.getSecret().getName(), p.getSecret().getItems(), Boolean.TRUE.equals(p.getSecret().getOptional()),
                            mode, files);
                } else if (p.getDownwardAPI() != null) {
                    downwardFiles(pod, p.getDownwardAPI().getItems(), mode, files);
                }
                // serviceAccountToken: j8s has no TokenRequest yet; the token file is left out.
            }
            Path d = dir(pod, "projected", v.getName());
            AtomicWriter.write(d, files);
            return d;
        }
        throw new SetUpException("volume type not supported by j8s: only emptyDir, configMap, secret, downwardAPI, projected and hostPath");
    }

    private static int mode(Integer m) {
        return m == null ? DEFAULT_MODE : m;
    }

    private void configMapFiles(String ns, String name, List<KeyToPath> items, boolean optional, int mode,
            Map<String, AtomicWriter.File> files) throws SetUpException {
        Optional<ConfigMap> cm = objects.configMap(ns, name);
        if (cm.isEmpty()) {
            if (optional) return;
            throw new SetUpException("configmap \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (cm.get().getData() != null) cm.get().getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        if (cm.get().getBinaryData() != null) cm.get().getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        project(data, items, optional, mode, "configmap", files);
    }

    private void secretFiles(String ns, String name, List<KeyToPath> items, boolean optional, int mode,
            Map<String, AtomicWriter.File> files) throws SetUpException {
        Optional<Secret> s = objects.secret(ns, name);
        if (s.isEmpty()) {
            if (optional) return;
            throw new SetUpException("secret \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (s.get().getData() != null) s.get().getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        if (s.get().getStringData() != null) s.get().getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        project(data, items, optional, mode, "secret", files);
    }

    /** Every key as a file of its own name, or only the items, at their paths and modes. */
    private static void project(Map<String, byte[]> data, List<KeyToPath> items, boolean optional, int mode, String kind,
            Map<String, AtomicWriter.File> files) throws SetUpException {
        if (items == null || items.isEmpty()) {
            data.forEach((k, v) -> files.put(k, new AtomicWriter.File(v, mode)));
            return;
        }
        for (KeyToPath item : items) {
            byte[] v = data.get(item.getKey());
            if (v == null) {
                if (optional) continue;
                throw new SetUpException(kind + " references non-existent config key: " + item.getKey());
            }
            files.put(item.getPath(), new AtomicWriter.File(v, item.getMode() == null ? mode : item.getMode()));
        }
    }

    private void downwardFiles(Pod pod, List<DownwardAPIVolumeFile> items, int mode, Map<String, AtomicWriter.File> files)
            throws SetUpException {
        for (DownwardAPIVolumeFile item : items) {
            String value;
            try {
                if (item.getFieldRef() != null) {
                    String podIp = pod.getStatus() == null ? "" : pod.getStatus().getPodIP();
                    value = EnvVars.fieldRef(pod, item.getFieldRef(), podIp, hostIp);
                } else if (item.getResourceFieldRef() != null) {
                    var c = item.getResourceFieldRef().getContainerName();
                    var container = pod.getSpec().getContainers().stream().filter(x -> x.getName().equals(c)).findFirst()
                            .orElse(pod.getSpec().getContainers().getFirst());
                    value = EnvVars.resourceFieldRef(pod, container, item.getResourceFieldRef(), objects);
                } else {
                    continue;
                }
            } catch (ContainerConfigs.ConfigException e) {
                throw new SetUpException(e.getMessage());
            }
            files.put(item.getPath(), new AtomicWriter.File(value.getBytes(StandardCharsets.UTF_8), item.getMode() == null ? mode : item.getMode()));
        }
    }

    /** The node's path, checked or made as its type says (upstream's hostPath type checker). */
    static Path hostPath(HostPathVolumeSource src) throws IOException, SetUpException {
        Path p = Path.of(src.getPath());
        String type = src.getType() == null ? "" : src.getType();
        switch (type) {
            case "DirectoryOrCreate" -> {
                if (!Files.exists(p)) {
                    Files.createDirectories(p);
                    Files.setPosixFilePermissions(p, AtomicWriter.permissions(0755));
                }
            }
            case "Directory" -> {
                if (!Files.isDirectory(p)) throw new SetUpException("hostPath type check failed: " + p + " is not a directory");
            }
            case "FileOrCreate" -> {
                if (!Files.exists(p)) {
                    Files.createDirectories(p.getParent());
                    Files.createFile(p);
                }
            }
            case "File" -> {
                if (!Files.isRegularFile(p)) throw new SetUpException("hostPath type check failed: " + p + " is not a file");
            }
            case "Socket", "CharDevice", "BlockDevice" -> {
                if (!Files.exists(p)) throw new SetUpException("hostPath type check failed: " + p + " does not exist");
            }
            default -> { }
        }
        return p;
    }

    @Override
    public void tearDown(String uid) {
        try {
            AtomicWriter.deleteTree(podDir(uid));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the volumes of pod " + uid, e);
        }
    }
}
