package io.j8s.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.j8s.kubelet.pod.PodObjects;
import io.j8s.kubelet.pod.VolumeManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostVolumesTest {

    @TempDir
    Path root;

    final Map<String, ConfigMap> configMaps = new HashMap<>();
    final Map<String, Secret> secrets = new HashMap<>();

    final PodObjects objects = new PodObjects() {
        @Override
        public Optional<ConfigMap> configMap(String ns, String name) {
            return Optional.ofNullable(configMaps.get(name));
        }

        @Override
        public Optional<Secret> secret(String ns, String name) {
            return Optional.ofNullable(secrets.get(name));
        }

        @Override
        public List<Service> services(String ns) {
            return List.of();
        }

        @Override
        public Map<String, String> nodeAllocatable() {
            return Map.of("cpu", "4", "memory", "8Gi");
        }
    };

    HostVolumes volumes() {
        return new HostVolumes(root.resolve("pods"), objects, "10.250.0.11");
    }

    PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u1").addToLabels("app", "web")
                .endMetadata().withNewSpec().addNewContainer().withName("main").withImage("busybox").withNewResources()
                .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi")).endResources().endContainer().endSpec();
    }

    @Test
    void configMapKeysAreFilesThatFollowUpdates() throws Exception {
        configMaps.put("app-config", new ConfigMapBuilder().addToData("greeting", "hola").addToData("mode", "fast").build());
        Pod pod = pod().editSpec().addNewVolume().withName("cfg").withNewConfigMap().withName("app-config").endConfigMap().endVolume()
                .endSpec().build();
        Path dir = volumes().setUp(pod).get("cfg");
        assertThat(dir).isEqualTo(root.resolve("pods/u1/volumes/kubernetes.io~configmap/cfg"));
        assertThat(Files.readString(dir.resolve("greeting"))).isEqualTo("hola");
        assertThat(Files.isSymbolicLink(dir.resolve("greeting"))).as("..data layout").isTrue();
        configMaps.put("app-config", new ConfigMapBuilder().addToData("greeting", "hello").build());
        volumes().setUp(pod);
        assertThat(Files.readString(dir.resolve("greeting"))).isEqualTo("hello");
        assertThat(Files.exists(dir.resolve("mode"))).as("a removed key goes").isFalse();
    }

    @Test
    void secretItemsGoWhereAndWithTheModeTheySay() throws Exception {
        secrets.put("db", new SecretBuilder().addToData("password", Base64.getEncoder().encodeToString("s3cret".getBytes())).build());
        Pod pod = pod().editSpec().addNewVolume().withName("creds").withNewSecret().withSecretName("db").addNewItem().withKey("password")
                .withPath("nested/pw").withMode(0400).endItem().endSecret().endVolume().endSpec().build();
        Path dir = volumes().setUp(pod).get("creds");
        Path pw = dir.resolve("nested/pw");
        assertThat(Files.readString(pw)).isEqualTo("s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pw.toRealPath()))).isEqualTo("r--------");
    }

    @Test
    void aMissingConfigMapFailsTheMountUnlessOptional() throws Exception {
        Pod pod = pod().editSpec().addNewVolume().withName("cfg").withNewConfigMap().withName("app-config").endConfigMap().endVolume()
                .endSpec().build();
        assertThatThrownBy(() -> volumes().setUp(pod)).isInstanceOf(VolumeManager.MountException.class)
                .hasMessage("MountVolume.SetUp failed for volume \"cfg\" : configmap \"app-config\" not found");
        Pod optional = pod().editSpec().addNewVolume().withName("cfg").withNewConfigMap().withName("app-config").withOptional(true)
                .endConfigMap().endVolume().endSpec().build();
        assertThat(volumes().setUp(optional)).containsKey("cfg");
    }

    @Test
    void downwardApiAndProjectedAndEmptyDirAndHostPath() throws Exception {
        configMaps.put("extra", new ConfigMapBuilder().addToData("k", "v").build());
        Path host = root.resolve("host-data");
        Pod pod = pod().editSpec()
                .addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("labels").withNewFieldRef()
                .withFieldPath("metadata.labels").endFieldRef().endItem().addNewItem().withPath("mem").withNewResourceFieldRef()
                .withContainerName("main").withResource("limits.memory").withDivisor(new io.fabric8.kubernetes.api.model.Quantity("1Mi"))
                .endResourceFieldRef().endItem().endDownwardAPI().endVolume()
                .addNewVolume().withName("all").withNewProjected().addNewSource().withNewConfigMap().withName("extra").endConfigMap()
                .endSource().addNewSource().withNewDownwardAPI().addNewItem().withPath("name").withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endItem().endDownwardAPI().endSource().endProjected().endVolume()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("host").withNewHostPath().withPath(host.toString()).withType("DirectoryOrCreate").endHostPath()
                .endVolume().endSpec().build();
        var v = volumes();
        Map<String, Path> dirs = v.setUp(pod);
        assertThat(Files.readString(dirs.get("info").resolve("labels"))).isEqualTo("app=\"web\"");
        assertThat(Files.readString(dirs.get("info").resolve("mem"))).isEqualTo("64");
        assertThat(Files.readString(dirs.get("all").resolve("k"))).isEqualTo("v");
        assertThat(Files.readString(dirs.get("all").resolve("name"))).isEqualTo("web");
        assertThat(Files.isDirectory(dirs.get("scratch"))).isTrue();
        assertThat(dirs.get("host")).isEqualTo(host);
        assertThat(Files.isDirectory(host)).isTrue();
        v.tearDown("u1");
        assertThat(Files.exists(root.resolve("pods/u1"))).isFalse();
        assertThat(Files.isDirectory(host)).as("a hostPath is the node's, not removed").isTrue();
    }
}
