package io.j8s.scheduler.plugins.volumebinding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.j8s.scheduler.config.Profile;
import io.j8s.scheduler.framework.ClusterLister;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.queue.Nominator;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.RecordingPodActions;
import io.j8s.scheduler.testing.Run;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VolumeBindingTest {

    static final String ZONE = "topology.kubernetes.io/zone";

    /** Claims: "zonal" bound to a PV in zone a, "free" bound to a PV without affinity, "unbound", "dangling" bound to a missing PV. */
    static ClusterLister lister() {
        Map<String, PersistentVolumeClaim> claims = Map.of(
                "zonal", claim("zonal", "pv-a"), "free", claim("free", "pv-any"), "unbound", claim("unbound", null),
                "dangling", claim("dangling", "pv-gone"));
        PersistentVolume a = new PersistentVolumeBuilder().withNewMetadata().withName("pv-a").endMetadata().withNewSpec().withNewNodeAffinity()
                .withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression().withKey(ZONE).withOperator("In").withValues("a")
                .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build();
        PersistentVolume any = new PersistentVolumeBuilder().withNewMetadata().withName("pv-any").endMetadata().withNewSpec().endSpec().build();
        Map<String, PersistentVolume> pvs = Map.of("pv-a", a, "pv-any", any);
        return new ClusterLister() {
            public Map<String, String> namespaceLabels(String namespace) {
                return Map.of();
            }

            public PersistentVolumeClaim persistentVolumeClaim(String namespace, String name) {
                return claims.get(name);
            }

            public PersistentVolume persistentVolume(String name) {
                return pvs.get(name);
            }

            public StorageClass storageClass(String name) {
                return null;
            }

            public Pod pod(String namespace, String name) {
                return null;
            }

            public List<Service> services(String namespace) {
                return List.of();
            }

            public ReplicaSet replicaSet(String namespace, String name) {
                return null;
            }

            public StatefulSet statefulSet(String namespace, String name) {
                return null;
            }

            public ReplicationController replicationController(String namespace, String name) {
                return null;
            }
        };
    }

    static PersistentVolumeClaim claim(String name, String volume) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withVolumeName(volume).endSpec().build();
    }

    static Pod using(String claim) {
        return Fixtures.pod("p").editSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().endVolume().endSpec().build();
    }

    record Case(String name, Pod pod, String zone, Code want, String reason) {}

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no claims: skipped", Fixtures.pod("p").build(), "b", Code.Success, ""),
                new Case("a zonal volume in the node's zone", using("zonal"), "a", Code.Success, ""),
                new Case("a zonal volume elsewhere", using("zonal"), "b", Code.UnschedulableAndUnresolvable, "node(s) had volume node affinity conflict"),
                new Case("a volume without affinity", using("free"), "b", Code.Success, ""),
                new Case("a missing claim", using("nope"), "a", Code.UnschedulableAndUnresolvable, "persistentvolumeclaim \"nope\" not found"),
                new Case("an unbound immediate claim", using("unbound"), "a", Code.UnschedulableAndUnresolvable,
                        "pod has unbound immediate PersistentVolumeClaims"),
                new Case("a claim bound to a missing volume", using("dangling"), "a", Code.UnschedulableAndUnresolvable,
                        "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        List<NodeInfo> infos = List.of(NodeInfo.of(Fixtures.labelled("n", Map.of(ZONE, c.zone()))));
        var fw = Fixtures.framework(Profile.defaults("default-scheduler"), infos, lister(), new RecordingPodActions(), new Nominator());
        var s = Run.filter(VolumeBinding.factory(MissingNode.getInstance(), fw), c.pod(), infos.get(0));
        assertThat(s.code()).isEqualTo(c.want());
        assertThat(s.message()).isEqualTo(c.reason());
    }
}
