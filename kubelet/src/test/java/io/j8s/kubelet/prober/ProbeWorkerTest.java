package io.j8s.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.j8s.kubelet.prober.ProbeResults.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ProbeWorkerTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** outcomes: what each probe answers, in order ("+" pass, "-" fail); want: the verdict after each step. */
    record Case(String name, ProbeKind kind, int success, int failure, String outcomes, List<Result> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> thresholds() {
        var S = Result.SUCCESS;
        var F = Result.FAILURE;
        return Stream.of(
                new Case("liveness fails after failureThreshold failures in a row", ProbeKind.LIVENESS, 1, 3, "--+---",
                        List.of(S, S, S, S, S, F)),
                new Case("readiness starts not ready and follows with thresholds", ProbeKind.READINESS, 2, 2, "++--+-+",
                        List.of(F, S, S, F, F, F, F)),
                new Case("readiness goes ready on the first success by default", ProbeKind.READINESS, 1, 3, "+", List.of(S)),
                new Case("a failed liveness verdict is held until the container is replaced", ProbeKind.LIVENESS, 1, 1, "-++",
                        List.of(F, F, F)),
                new Case("startup passes once, then stops probing", ProbeKind.STARTUP, 1, 3, "+--", List.of(S, S, S)));
    }

    @ParameterizedTest
    @MethodSource("thresholds")
    void verdictsFollowTheThresholds(Case c) {
        Probe spec = new ProbeBuilder().withSuccessThreshold(c.success()).withFailureThreshold(c.failure()).withPeriodSeconds(1).build();
        var worker = new ProbeWorker(c.kind(), spec, T0);
        List<Result> got = new ArrayList<>();
        for (int i = 0; i < c.outcomes().length(); i++) {
            boolean pass = c.outcomes().charAt(i) == '+';
            worker.step(T0.plusSeconds(i), true, () -> pass ? ProbeOutcome.success("") : ProbeOutcome.failure("no"));
            got.add(worker.verdict());
        }
        assertThat(got).isEqualTo(c.want());
    }

    @Test
    void nothingIsProbedBeforeTheInitialDelayOrBeforeStartup() {
        Probe spec = new ProbeBuilder().withInitialDelaySeconds(5).withPeriodSeconds(1).build();
        var worker = new ProbeWorker(ProbeKind.LIVENESS, spec, T0);
        int[] probes = {0};
        assertThat(worker.step(T0.plusSeconds(4), true, () -> { probes[0]++; return ProbeOutcome.failure(""); })).isNull();
        assertThat(worker.step(T0.plusSeconds(9), false, () -> { probes[0]++; return ProbeOutcome.failure(""); })).isNull();
        assertThat(worker.step(T0.plusSeconds(5), true, () -> { probes[0]++; return ProbeOutcome.failure("x"); })).isNotNull();
        assertThat(probes[0]).isEqualTo(1);
        assertThat(worker.period()).hasSeconds(1);
    }

    @Test
    void anErrorCountsAsAFailure() {
        var worker = new ProbeWorker(ProbeKind.LIVENESS, new ProbeBuilder().withFailureThreshold(1).build(), T0);
        worker.step(T0, true, () -> ProbeOutcome.unknown("container not running"));
        assertThat(worker.verdict()).isEqualTo(Result.FAILURE);
    }

    @Test
    void grpcMessagesAreEncodedByHand() {
        assertThat(GrpcHealth.request("")).isEmpty();
        assertThat(GrpcHealth.request("db")).containsExactly(0x0a, 2, 'd', 'b');
        assertThat(GrpcHealth.servingStatus(new byte[] {0x08, 1})).isEqualTo(1);
        assertThat(GrpcHealth.servingStatus(new byte[] {0x08, 2})).isEqualTo(2);
        assertThat(GrpcHealth.servingStatus(new byte[0])).isZero();
    }
}
