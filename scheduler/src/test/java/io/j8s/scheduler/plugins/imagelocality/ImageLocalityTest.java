package io.j8s.scheduler.plugins.imagelocality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.j8s.scheduler.cache.Cache;
import io.j8s.scheduler.cache.Snapshot;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.Run;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageLocalityTest {

    static final long MB = 1024 * 1024;

    static Node withImage(String name, String image, long size) {
        return Fixtures.node(name, "4", "8Gi", b -> b.editStatus().withImages(new ContainerImage(List.of(image), size)).endStatus());
    }

    record Case(String name, String podImage, List<Long> wantScores) {}

    static Stream<Case> cases() {
        return Stream.of(
                // 500 MB on 1 of 2 nodes: 250 MB counted; (250-23)/(1000-23) × 100
                new Case("a big image on one of two nodes", "big:1", List.of(23L, 0L)),
                new Case("an untagged name means :latest", "small", List.of(0L, 0L)),
                new Case("an image nowhere scores nothing", "other:1", List.of(0L, 0L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void score(Case c) {
        Cache cache = new Cache();
        cache.addNode(withImage("has", "big:1", 500 * MB));
        cache.addNode(withImage("hasnot", "small:latest", 10 * MB));
        Snapshot snap = new Snapshot();
        cache.updateSnapshot(snap);
        List<NodeInfo> nodes = List.of(snap.get("has"), snap.get("hasnot"));
        var fw = Fixtures.framework(nodes);
        var pod = Fixtures.pod("p").editSpec().editFirstContainer().withImage(c.podImage()).endContainer().endSpec().build();
        assertThat(Run.score(ImageLocality.factory(MissingNode.getInstance(), fw), pod, nodes)).containsExactly(
                c.wantScores().stream().mapToLong(Long::longValue).toArray());
    }
}
