package io.j8s.controllers.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.j8s.controllers.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RevisionsTest {

    static DaemonSet owner() {
        return new DaemonSetBuilder().withNewMetadata().withNamespace("default").withName("ds").withUid("ds-uid").endMetadata()
                .withNewSpec().withTemplate(Fixtures.template(Map.of("app", "x"), "nginx")).endSpec().build();
    }

    static ControllerRevision rev(String name, long revision, Object data) {
        ControllerRevision r = Revisions.newRevision(owner(), "apps/v1", "DaemonSet", Map.of("app", "x"), data, revision, null);
        r.getMetadata().setName(name);
        return r;
    }

    @Test
    void newRevisionIsNamedByItsHashAndControlledByItsOwner() {
        ControllerRevision r = Revisions.newRevision(owner(), "apps/v1", "DaemonSet", Map.of("app", "x"), Map.of("a", 1), 3, null);
        String hash = r.getMetadata().getLabels().get(Revisions.HASH_LABEL);
        assertEquals("ds-" + hash, r.getMetadata().getName());
        assertEquals("x", r.getMetadata().getLabels().get("app"));
        assertEquals(3L, r.getRevision());
        assertEquals("ds-uid", r.getMetadata().getOwnerReferences().get(0).getUid());
        assertTrue(r.getMetadata().getOwnerReferences().get(0).getController());
        assertTrue(hash.chars().allMatch(c -> "bcdfghjklmnpqrstvwxz2456789".indexOf(c) >= 0), hash);
    }

    @Test
    void hashesAreStableAndTheCollisionCountChangesThem() {
        var t = Fixtures.template(Map.of("app", "x"), "nginx");
        assertEquals(Revisions.hashTemplate(t, null), Revisions.hashTemplate(Fixtures.template(Map.of("app", "x"), "nginx"), null));
        assertNotEquals(Revisions.hashTemplate(t, null), Revisions.hashTemplate(t, 1));
        assertNotEquals(Revisions.hashTemplate(t, 1), Revisions.hashTemplate(t, 2));
        assertNotEquals(Revisions.hashTemplate(t, null), Revisions.hashTemplate(Fixtures.template(Map.of("app", "x"), "nginx:2"), null));
        ControllerRevision r = rev("a", 1, Map.of("b", 2, "a", 1));
        // key order and integer width do not matter: the data as read back hash the same
        assertEquals(Revisions.hashRevision(r, null), Revisions.hashRevision(rev("a", 1, Map.of("a", 1L, "b", 2L)), null));
        assertNotEquals(Revisions.hashRevision(r, null), Revisions.hashRevision(r, 0));
    }

    @Test
    void revisionNamePrefixIsCut() {
        assertEquals("a".repeat(223) + "-h", Revisions.revisionName("a".repeat(300), "h"));
    }

    @Test
    void sortsByRevisionThenCreationThenName() {
        ControllerRevision a = rev("a", 2, Map.of());
        ControllerRevision b = rev("b", 1, Map.of());
        ControllerRevision c = rev("c", 1, Map.of());
        b.getMetadata().setCreationTimestamp("2025-01-02T00:00:00Z");
        c.getMetadata().setCreationTimestamp("2025-01-01T00:00:00Z");
        assertEquals(List.of("c", "b", "a"), Revisions.sorted(List.of(a, b, c)).stream().map(r -> r.getMetadata().getName()).toList());
        assertEquals(3, Revisions.nextRevision(List.of(a, b, c)));
        assertEquals(1, Revisions.nextRevision(List.of()));
    }

    @Test
    void equalRevisionsCompareHashLabelsThenData() {
        ControllerRevision a = rev("a", 1, Map.of("spec", Map.of("x", 1)));
        ControllerRevision b = rev("b", 2, Map.of("spec", Map.of("x", 1)));
        ControllerRevision c = rev("c", 3, Map.of("spec", Map.of("x", 2)));
        assertTrue(Revisions.equalRevision(a, b));
        assertFalse(Revisions.equalRevision(a, c));
        b.getMetadata().getLabels().put(Revisions.HASH_LABEL, "other");
        assertFalse(Revisions.equalRevision(a, b));
        assertEquals(List.of(a), Revisions.findEqual(List.of(a, b, c), a));
        assertTrue(Revisions.equalRevision(null, null));
        assertFalse(Revisions.equalRevision(a, null));
    }

    record Case(String name, List<Long> revisions, Set<Long> live, int limit, List<Long> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> truncations() {
        return Stream.of(
                new Case("under the limit", List.of(1L, 2L, 3L), Set.of(3L), 10, List.of()),
                new Case("oldest dropped first", List.of(3L, 1L, 2L, 4L), Set.of(4L), 1, List.of(1L, 2L)),
                new Case("live ones kept and not counted", List.of(1L, 2L, 3L, 4L), Set.of(1L, 4L), 1, List.of(2L)),
                new Case("limit zero keeps only live", List.of(1L, 2L, 3L), Set.of(2L), 0, List.of(1L, 3L)));
    }

    @ParameterizedTest
    @MethodSource("truncations")
    void truncatesTheOldestThatAreNotLive(Case c) {
        List<ControllerRevision> revs = c.revisions().stream().map(n -> rev("r" + n, n, Map.of("n", n))).toList();
        List<Long> got = Revisions.toTruncate(revs, r -> c.live().contains(r.getRevision()), c.limit()).stream()
                .map(ControllerRevision::getRevision).toList();
        assertEquals(c.want(), got);
    }
}
