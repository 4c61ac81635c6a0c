package io.j8s.controllers.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.j8s.api.selector.LabelSelector;
import io.j8s.controllers.common.StaticLister;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {

    final StaticLister<ControllerRevision> store = new StaticLister<>();
    final FakeRevisionClient client = new FakeRevisionClient(store);
    final History history = new History(store, client);
    final DaemonSet ds = RevisionsTest.owner();

    ControllerRevision newRev(Object data, long n) {
        return Revisions.newRevision(ds, "apps/v1", "DaemonSet", Map.of("app", "x"), data, n, null);
    }

    @Test
    void createsUnderTheHashName() {
        ControllerRevision r = newRev(Map.of("a", 1), 1);
        History.Created c = history.create(ds, r, 0);
        assertEquals(0, c.collisionCount());
        assertEquals("ds-" + Revisions.hashRevision(r, 0), c.revision().getMetadata().getName());
        assertEquals(List.of("create default/" + c.revision().getMetadata().getName()), client.take());
    }

    @Test
    void anEqualRevisionUnderTheNameIsReturned() {
        ControllerRevision r = newRev(Map.of("a", 1), 1);
        ControllerRevision first = history.create(ds, r, 0).revision();
        History.Created again = history.create(ds, r, 0);
        assertEquals(0, again.collisionCount());
        assertEquals(first.getMetadata().getName(), again.revision().getMetadata().getName());
    }

    @Test
    void aCollisionBumpsTheCountAndTakesTheNextName() {
        ControllerRevision r = newRev(Map.of("a", 1), 1);
        // another revision with other data already holds the name r would take
        ControllerRevision squatter = newRev(Map.of("other", true), 1);
        squatter.getMetadata().setName("ds-" + Revisions.hashRevision(r, 0));
        store.put(squatter);
        History.Created c = history.create(ds, r, 0);
        assertEquals(1, c.collisionCount());
        assertEquals("ds-" + Revisions.hashRevision(r, 1), c.revision().getMetadata().getName());
        assertNotEquals(squatter.getMetadata().getName(), c.revision().getMetadata().getName());
        assertEquals(2, client.take().size());
    }

    @Test
    void claimAdoptsMatchingOrphansAndReleasesNonMatching() throws Exception {
        ControllerRevision owned = newRev(Map.of("n", 1), 1);
        ControllerRevision orphan = newRev(Map.of("n", 2), 2);
        orphan.getMetadata().setOwnerReferences(null);
        ControllerRevision strayed = newRev(Map.of("n", 3), 3);
        strayed.getMetadata().setLabels(Map.of("app", "y"));
        ControllerRevision others = newRev(Map.of("n", 4), 4);
        others.getMetadata().getOwnerReferences().get(0).setUid("other-uid");
        store.putAll(List.of(owned, orphan, strayed, others));
        LabelSelector sel = LabelSelector.fromMeta(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().withMatchLabels(Map.of("app", "x")).build());
        List<ControllerRevision> got = history.claim(ds, "apps/v1", "DaemonSet", sel, () -> null);
        assertEquals(List.of(owned.getMetadata().getName(), orphan.getMetadata().getName()).stream().sorted().toList(),
                got.stream().map(r -> r.getMetadata().getName()).sorted().toList());
        assertEquals(List.of("patch default/" + orphan.getMetadata().getName() + " adopt"), client.take());
    }

    @Test
    void updateRevisionChangesTheNumberOnly() {
        ControllerRevision r = history.create(ds, newRev(Map.of("a", 1), 1), 0).revision();
        client.take();
        assertSame(r, history.updateRevision(r, 1));
        assertEquals(5L, history.updateRevision(r, 5).getRevision());
        history.delete(r);
        assertEquals(List.of("update default/" + r.getMetadata().getName() + " revision=5", "delete default/" + r.getMetadata().getName()),
                client.take());
    }

}
