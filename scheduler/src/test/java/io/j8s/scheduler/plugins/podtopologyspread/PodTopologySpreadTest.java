package io.j8s.scheduler.plugins.podtopologyspread;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.j8s.scheduler.config.Profile;
import io.j8s.scheduler.framework.ClusterLister;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.queue.Nominator;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.RecordingPodActions;
import io.j8s.scheduler.testing.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodTopologySpreadTest {

    static final String ZONE = "topology.kubernetes.io/zone";

    static Pod web(String name) {
        return Fixtures.withLabels(Fixtures.pod(name).build(), Map.of("app", "web"));
    }

    static Pod spread(String key, int maxSkew, String when, Integer minDomains) {
        return new PodBuilder(web("new")).editSpec().withTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
                .withTopologyKey(key).withMaxSkew(maxSkew).withWhenUnsatisfiable(when).withMinDomains(minDomains)
                .withNewLabelSelector().withMatchLabels(Map.of("app", "web")).endLabelSelector().build()).endSpec().build();
    }

    /** node-1, node-2 in zone a; node-3 in zone b; node-4 without a zone. Two web pods on node-1. */
    static List<NodeInfo> infos() {
        List<Node> nodes = List.of(Fixtures.labelled("node-1", Map.of(ZONE, "a")), Fixtures.labelled("node-2", Map.of(ZONE, "a")),
                Fixtures.labelled("node-3", Map.of(ZONE, "b")), Fixtures.labelled("node-4", Map.of()));
        return Fixtures.nodeInfos(nodes, List.of(Fixtures.on(web("w1"), "node-1"), Fixtures.on(web("w2"), "node-1")));
    }

    record Case(String name, Pod pod, Map<String, Code> want) {}

    static Stream<Case> cases() {
        return Stream.of(
                // zone a holds 2, zone b 0: a third in a skews 3 > 1
                new Case("maxSkew 1 by zone sends the pod to the emptier zone", spread(ZONE, 1, "DoNotSchedule", null),
                        Map.of("node-1", Code.Unschedulable, "node-2", Code.Unschedulable, "node-3", Code.Success,
                                "node-4", Code.UnschedulableAndUnresolvable)),
                new Case("maxSkew 3 allows zone a", spread(ZONE, 3, "DoNotSchedule", null),
                        Map.of("node-1", Code.Success, "node-2", Code.Success, "node-3", Code.Success, "node-4", Code.UnschedulableAndUnresolvable)),
                // by hostname, the minimum is 0 (node-2, node-3): node-1 would skew 3
                new Case("by hostname", spread("kubernetes.io/hostname", 2, "DoNotSchedule", null),
                        Map.of("node-1", Code.Unschedulable, "node-2", Code.Success, "node-3", Code.Success, "node-4", Code.Success)),
                // fewer zones (2) than minDomains (3): the global minimum counts as 0
                new Case("minDomains above the domains counts the minimum as 0", spread(ZONE, 2, "DoNotSchedule", 3),
                        Map.of("node-1", Code.Unschedulable, "node-2", Code.Unschedulable, "node-3", Code.Success,
                                "node-4", Code.UnschedulableAndUnresolvable)),
                new Case("ScheduleAnyway does not filter", spread(ZONE, 1, "ScheduleAnyway", null),
                        Map.of("node-1", Code.Success, "node-2", Code.Success, "node-3", Code.Success, "node-4", Code.Success)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        List<NodeInfo> infos = infos();
        Plugin plugin = PodTopologySpread.factory(MissingNode.getInstance(), Fixtures.framework(infos));
        for (NodeInfo n : infos) {
            var s = Run.filter(plugin, c.pod(), n);
            assertThat(s.code()).as(n.name()).isEqualTo(c.want().get(n.name()));
            if (s.code() == Code.Unschedulable) assertThat(s.message()).isEqualTo("node(s) didn't match pod topology spread constraints");
            if (s.code() == Code.UnschedulableAndUnresolvable) {
                assertThat(s.message()).isEqualTo("node(s) didn't match pod topology spread constraints (missing required label)");
            }
        }
    }

    @Test
    void scheduleAnywayScoresTheEmptierDomainsHigher() {
        List<NodeInfo> infos = infos().subList(0, 3);
        Plugin plugin = PodTopologySpread.factory(MissingNode.getInstance(), Fixtures.framework(infos));
        long[] scores = Run.score(plugin, spread("kubernetes.io/hostname", 1, "ScheduleAnyway", null), infos);
        assertThat(scores[0]).isLessThan(scores[1]);
        assertThat(scores[1]).isEqualTo(scores[2]).isEqualTo(100);
    }

    @Test
    void podsSelectedByAServiceSpreadByDefault() {
        List<NodeInfo> infos = infos().subList(0, 3);
        ClusterLister lister = new ClusterLister() {
            @Override
            public Map<String, String> namespaceLabels(String namespace) {
                return Map.of();
            }

            @Override
            public io.fabric8.kubernetes.api.model.PersistentVolumeClaim persistentVolumeClaim(String namespace, String name) {
                return null;
            }

            @Override
            public io.fabric8.kubernetes.api.model.PersistentVolume persistentVolume(String name) {
                return null;
            }

            @Override
            public io.fabric8.kubernetes.api.model.storage.StorageClass storageClass(String name) {
                return null;
            }

            @Override
            public Pod pod(String namespace, String name) {
                return null;
            }

            @Override
            public List<Service> services(String namespace) {
                return List.of(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                        .withNewSpec().withSelector(Map.of("app", "web")).endSpec().build());
            }

            @Override
            public io.fabric8.kubernetes.api.model.apps.ReplicaSet replicaSet(String namespace, String name) {
                return null;
            }

            @Override
            public io.fabric8.kubernetes.api.model.apps.StatefulSet statefulSet(String namespace, String name) {
                return null;
            }

            @Override
            public io.fabric8.kubernetes.api.model.ReplicationController replicationController(String namespace, String name) {
                return null;
            }
        };
        var fw = Fixtures.framework(Profile.defaults("default-scheduler"), infos, lister, new RecordingPodActions(), new Nominator());
        Plugin plugin = PodTopologySpread.factory(MissingNode.getInstance(), fw);
        long[] scores = Run.score(plugin, web("new"), infos);
        assertThat(scores[0]).isLessThan(scores[1]);
        List<Long> unselected = new ArrayList<>();
        for (long s : Run.score(plugin, Fixtures.pod("other").build(), infos)) unselected.add(s);
        assertThat(unselected).containsOnly(0L); // no service selects it: no default constraints, skipped
    }
}
