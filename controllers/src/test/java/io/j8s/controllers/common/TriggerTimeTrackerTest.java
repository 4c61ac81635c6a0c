package io.j8s.controllers.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerTimeTrackerTest {

    static final Instant CREATED = Instant.parse("2026-11-23T08:00:00Z");
    static final Service SVC = new ServiceBuilder().withNewMetadata().withNamespace("ns").withName("web")
            .withCreationTimestamp(CREATED.toString()).endMetadata().build();

    static Pod pod(String name, Instant ready) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().addNewCondition()
                .withType("Ready").withStatus("True").withLastTransitionTime(ready.toString()).endCondition().endStatus().build();
    }

    @Test
    void theFirstSyncOfAServiceIsTriggeredByItsCreation() {
        var tracker = new TriggerTimeTracker();
        assertThat(tracker.compute("ns/web", SVC, List.of(pod("a", CREATED.plusSeconds(5)))).time()).isEqualTo(CREATED);
    }

    @Test
    void aLaterSyncIsTriggeredByTheEarliestPodThatMovedOnly() {
        var tracker = new TriggerTimeTracker();
        Pod a = pod("a", CREATED.plusSeconds(5));
        tracker.observed(tracker.compute("ns/web", SVC, List.of(a)));
        var next = tracker.compute("ns/web", SVC, List.of(a, pod("b", CREATED.plusSeconds(9)), pod("c", CREATED.plusSeconds(7))));
        assertThat(next.time()).isEqualTo(CREATED.plusSeconds(7));
        tracker.observed(next);
        assertThat(tracker.compute("ns/web", SVC, List.of(a, pod("b", CREATED.plusSeconds(9)))).time()).isNull();
    }

    @Test
    void aSyncWhoseWriteFailedIsRetriedWithTheSameTriggerTime() {
        var tracker = new TriggerTimeTracker();
        tracker.observed(tracker.compute("ns/web", SVC, List.of()));
        List<Pod> pods = List.of(pod("a", CREATED.plusSeconds(3)));
        var failed = tracker.compute("ns/web", SVC, pods);
        // Not observed: its write lost a conflict, and the sync is retried.
        assertThat(tracker.compute("ns/web", SVC, pods).time()).isEqualTo(failed.time()).isEqualTo(CREATED.plusSeconds(3));
    }
}
