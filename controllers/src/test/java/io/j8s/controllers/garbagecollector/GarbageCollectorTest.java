package io.j8s.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.runtime.RateLimiter;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The collector over a small world: live objects the fake API holds, which also plays the
 * informers (each write is fed back to the graph), and the exact writes the collector makes.
 */
class GarbageCollectorTest {

    final FakeClock clock = new FakeClock();
    final WorkQueue queue = new WorkQueue(clock, new RateLimiter.ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1)));
    final Map<String, Identity.View> live = new LinkedHashMap<>();
    final List<String> actions = new ArrayList<>();
    GarbageCollector gc;

    final GarbageCollector.GcClient client = new GarbageCollector.GcClient() {
        @Override
        public Identity.View get(Identity id) {
            return live.values().stream().filter(v -> v.identity().kind().equals(id.kind()) && v.identity().name().equals(id.name())
                    && v.identity().namespace().equals(id.namespace())).findFirst().orElse(null);
        }

        @Override
        public void delete(Identity id, String policy, String rv) {
            actions.add("delete " + id.kind() + " " + id.name() + " " + policy);
            Identity.View v = live.get(id.uid());
            switch (policy) {
                case "Background" -> gone(id.uid());
                case "Foreground" -> update(new Identity.View(v.identity(), "2", v.owners(), true, List.of("foregroundDeletion")));
                default -> update(new Identity.View(v.identity(), "2", v.owners(), true, List.of("orphan")));
            }
        }

        @Override
        public void patch(Identity id, String patch) {
            actions.add("patch " + id.kind() + " " + id.name() + " " + patch.replaceAll(".*\"uid\":\"([^\"]+)\"}\\],.*", "remove owner $1"));
            Identity.View v = live.get(id.uid());
            List<OwnerReference> owners = v.owners().stream().filter(r -> !patch.contains("\"uid\":\"" + r.getUid() + "\"}")).toList();
            update(new Identity.View(v.identity(), "2", owners, v.beingDeleted(), v.finalizers()));
        }

        @Override
        public void removeFinalizer(Identity id, String finalizer) {
            actions.add("remove finalizer " + finalizer + " of " + id.kind() + " " + id.name());
            Identity.View v = live.get(id.uid());
            List<String> rest = v.finalizers().stream().filter(f -> !f.equals(finalizer)).toList();
            if (v.beingDeleted() && rest.isEmpty()) gone(id.uid());
            else update(new Identity.View(v.identity(), "3", v.owners(), v.beingDeleted(), rest));
        }
    };

    void update(Identity.View v) {
        live.put(v.identity().uid(), v);
        gc.graph().upsert(v);
    }

    void gone(String uid) {
        live.remove(uid);
        gc.graph().delete(uid);
    }

    static Identity id(String kind, String name) {
        String apiVersion = kind.equals("Pod") ? "v1" : "apps/v1";
        return new Identity(apiVersion, kind, "default", name, name + "-uid");
    }

    static OwnerReference ref(String kind, String name, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(kind).withName(name).withUid(name + "-uid")
                .withController(true).withBlockOwnerDeletion(block).build();
    }

    /** Puts an object in the world and tells the graph, as an informer's add. */
    void object(String kind, String name, OwnerReference... owners) {
        update(new Identity.View(id(kind, name), "1", List.of(owners), false, List.of()));
    }

    /** Runs the collector until nothing is left to do. */
    void settle() {
        for (int i = 0; i < 100; i++) {
            Optional<String> key = queue.poll();
            if (key.isEmpty()) return;
            try {
                gc.sync(key.get());
            } finally {
                queue.done(key.get());
            }
        }
        throw new AssertionError("the collector did not settle");
    }

    GarbageCollectorTest() {
        gc = new GarbageCollector(queue, client);
    }

    @Test
    void dependentsOfADeletedOwnerAreCollectedInTheBackground() {
        object("Deployment", "web");
        object("ReplicaSet", "web-1", ref("Deployment", "web", true));
        object("Pod", "web-1-a", ref("ReplicaSet", "web-1", true));
        settle();
        assertThat(actions).isEmpty();
        gone("web-uid");
        settle();
        assertThat(actions).containsExactly("delete ReplicaSet web-1 Background", "delete Pod web-1-a Background");
        assertThat(live).isEmpty();
    }

    @Test
    void anObjectWhoseOwnerNeverExistedIsCollected() {
        object("ReplicaSet", "web-1", ref("Deployment", "ghost", true));
        settle();
        assertThat(actions).containsExactly("delete ReplicaSet web-1 Background");
    }

    @Test
    void aDanglingReferenceBesideASolidOneIsRemoved() {
        object("Deployment", "web");
        var pod = new Identity.View(id("Pod", "p"), "1", List.of(ref("Deployment", "web", false), ref("Deployment", "ghost", false)),
                false, List.of());
        update(pod);
        settle();
        assertThat(actions).containsExactly("patch Pod p remove owner ghost-uid");
        assertThat(live).containsKey("p-uid");
    }

    @Test
    void foregroundDeletionWaitsForBlockingDependentsThenDropsItsFinalizer() {
        object("Deployment", "web");
        object("ReplicaSet", "web-1", ref("Deployment", "web", true));
        object("Pod", "web-1-a", ref("ReplicaSet", "web-1", true));
        settle();
        // kubectl delete --cascade=foreground: the API server marks it and adds the finalizer.
        update(new Identity.View(id("Deployment", "web"), "2", List.of(), true, List.of("foregroundDeletion")));
        settle();
        assertThat(actions).containsExactly(
                "delete ReplicaSet web-1 Foreground",
                "delete Pod web-1-a Background",
                "remove finalizer foregroundDeletion of ReplicaSet web-1",
                "remove finalizer foregroundDeletion of Deployment web");
        assertThat(live).isEmpty();
    }

    @Test
    void orphanDeletionLeavesTheDependentsWithoutTheReference() {
        object("Deployment", "web");
        object("ReplicaSet", "web-1", ref("Deployment", "web", true));
        object("ReplicaSet", "web-2", ref("Deployment", "web", true));
        settle();
        update(new Identity.View(id("Deployment", "web"), "2", List.of(), true, List.of("orphan")));
        settle();
        assertThat(actions).containsExactly("patch ReplicaSet web-1 remove owner web-uid", "patch ReplicaSet web-2 remove owner web-uid",
                "remove finalizer orphan of Deployment web");
        assertThat(live).containsOnlyKeys("web-1-uid", "web-2-uid");
        assertThat(live.get("web-1-uid").owners()).isEmpty();
    }

    @Test
    void watchedKindsIncludeTheWorkloadsAndLeaveEventsOut() {
        var kinds = GarbageCollector.watched().stream().map(t -> t.kind()).toList();
        assertThat(kinds).contains("Pod", "ReplicaSet", "Deployment", "ControllerRevision", "Job", "Endpoints", "EndpointSlice", "Lease")
                .doesNotContain("Event", "Binding");
    }
}
