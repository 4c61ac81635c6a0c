package io.j8s.scheduler.plugins.schedulinggates;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.j8s.scheduler.testing.Fixtures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulingGatesTest {

    record Case(String name, List<String> gates, boolean enqueued, String message) {}

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no gates", List.of(), true, ""),
                new Case("one gate", List.of("example.com/quota"), false, "waiting for scheduling gates: [example.com/quota]"),
                new Case("two gates", List.of("a", "b"), false, "waiting for scheduling gates: [a b]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void preEnqueue(Case c) {
        var pod = Fixtures.pod("p").editSpec().withSchedulingGates(c.gates().stream().map(PodSchedulingGate::new).toList()).endSpec().build();
        var s = new SchedulingGates().preEnqueue(pod);
        assertThat(s.isSuccess()).isEqualTo(c.enqueued());
        assertThat(s.message()).isEqualTo(c.message());
    }
}
