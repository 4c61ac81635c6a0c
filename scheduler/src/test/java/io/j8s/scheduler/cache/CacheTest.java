package io.j8s.scheduler.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CacheTest {

    Cache cache;
    Snapshot snapshot;

    @BeforeEach
    void setUp() {
        cache = new Cache();
        snapshot = new Snapshot();
        cache.addNode(Fixtures.node("node-1", "4", "8Gi"));
        cache.addNode(Fixtures.node("node-2", "4", "8Gi"));
    }

    private long requestedCpu(String node) {
        cache.updateSnapshot(snapshot);
        return snapshot.get(node).requested().milliCpu();
    }

    @Test
    void anAssumedPodCountsUntilForgotten() {
        Pod p = Fixtures.on(Fixtures.requesting("p", "1", null), "node-1");
        cache.assumePod(PodInfo.of(p));
        assertThat(cache.isAssumedPod(p)).isTrue();
        assertThat(requestedCpu("node-1")).isEqualTo(1000);
        cache.forgetPod(p);
        assertThat(cache.isAssumedPod(p)).isFalse();
        assertThat(requestedCpu("node-1")).isZero();
    }

    @Test
    void theInformersAddConfirmsAnAssumedPodWhereverItLanded() {
        Pod assumed = Fixtures.on(Fixtures.requesting("p", "1", null), "node-1");
        cache.assumePod(PodInfo.of(assumed));
        cache.finishBinding(assumed);
        cache.addPod(Fixtures.on(Fixtures.requesting("p", "1", null), "node-2"));
        assertThat(cache.isAssumedPod(assumed)).isFalse();
        assertThat(requestedCpu("node-1")).isZero();
        assertThat(requestedCpu("node-2")).isEqualTo(1000);
        assertThat(cache.podCount()).isEqualTo(1);
    }

    @Test
    void aPodCannotBeAssumedTwice() {
        Pod p = Fixtures.on(Fixtures.pod("p").build(), "node-1");
        cache.assumePod(PodInfo.of(p));
        assertThatThrownBy(() -> cache.assumePod(PodInfo.of(p))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void updatesAndRemovalsChangeTheSums() {
        Pod p = Fixtures.on(Fixtures.requesting("p", "1", null), "node-1");
        cache.addPod(p);
        Pod bigger = Fixtures.on(Fixtures.requesting("p", "2", null), "node-1");
        cache.updatePod(p, bigger);
        assertThat(requestedCpu("node-1")).isEqualTo(2000);
        cache.removePod(bigger);
        assertThat(requestedCpu("node-1")).isZero();
    }

    @Test
    void theSnapshotCopiesOnlyWhatChangedAndKeepsItsNodeInfos() {
        cache.updateSnapshot(snapshot);
        NodeInfo n1 = snapshot.get("node-1");
        NodeInfo n2 = snapshot.get("node-2");
        long gen2 = n2.generation();
        cache.addPod(Fixtures.on(Fixtures.requesting("p", "1", null), "node-1"));
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("node-1")).isSameAs(n1);
        assertThat(n1.pods()).hasSize(1);
        assertThat(snapshot.get("node-2").generation()).isEqualTo(gen2);
        assertThat(snapshot.list()).containsExactlyInAnyOrder(n1, n2);
    }

    @Test
    void theSnapshotListsNodesWithAffinityPods() {
        Pod anti = new PodBuilder(Fixtures.on(Fixtures.pod("a").build(), "node-2")).editSpec().withNewAffinity().withNewPodAntiAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder().withNewLabelSelector()
                        .withMatchLabels(Map.of("app", "x")).endLabelSelector().withTopologyKey("kubernetes.io/hostname").build())
                .endPodAntiAffinity().endAffinity().endSpec().build();
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.havePodsWithRequiredAntiAffinityList()).isEmpty();
        cache.addPod(anti);
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.havePodsWithRequiredAntiAffinityList()).extracting(NodeInfo::name).containsExactly("node-2");
        assertThat(snapshot.havePodsWithAffinityList()).extracting(NodeInfo::name).containsExactly("node-2");
    }

    @Test
    void aRemovedNodeLeavesTheSnapshotButItsPodsStayAccountedUntilDeleted() {
        Pod p = Fixtures.on(Fixtures.pod("p").build(), "node-1");
        cache.addPod(p);
        cache.removeNode(Fixtures.node("node-1", "4", "8Gi"));
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("node-1")).isNull();
        assertThat(snapshot.numNodes()).isEqualTo(1);
        cache.addNode(Fixtures.node("node-1", "4", "8Gi"));
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("node-1").pods()).hasSize(1);
    }

    @Test
    void nodesAreListedRoundRobinAcrossZones() {
        Cache c = new Cache();
        for (String[] n : new String[][] {{"a1", "a"}, {"a2", "a"}, {"a3", "a"}, {"b1", "b"}, {"c1", "c"}, {"c2", "c"}}) {
            c.addNode(Fixtures.labelled(n[0], Map.of("topology.kubernetes.io/zone", n[1])));
        }
        Snapshot s = new Snapshot();
        c.updateSnapshot(s);
        assertThat(s.list()).extracting(NodeInfo::name).containsExactly("a1", "b1", "c1", "a2", "c2", "a3");
    }

}
