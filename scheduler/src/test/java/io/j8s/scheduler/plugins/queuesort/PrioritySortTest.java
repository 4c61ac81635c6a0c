package io.j8s.scheduler.plugins.queuesort;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.testing.Fixtures;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PrioritySortTest {

    record Case(String name, int priorityA, int secondA, int priorityB, int secondB, boolean aFirst) {}

    static Stream<Case> cases() {
        return Stream.of(
                new Case("higher priority first", 10, 5, 1, 0, true),
                new Case("lower priority later", 1, 0, 10, 5, false),
                new Case("equal priority: earlier first", 5, 0, 5, 1, true),
                new Case("equal priority: later second", 5, 1, 5, 0, false));
    }

    static QueuedPodInfo queued(String name, int priority, int second) {
        return new QueuedPodInfo(PodInfo.of(Fixtures.withPriority(Fixtures.pod(name).build(), priority)), Instant.EPOCH.plusSeconds(second));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void less(Case c) {
        assertThat(new PrioritySort().less(queued("a", c.priorityA(), c.secondA()), queued("b", c.priorityB(), c.secondB()))).isEqualTo(c.aFirst());
    }
}
