package io.j8s.kubelet.prober;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The verdict of one probe of one container instance (upstream's {@code prober.worker.doProbe}),
 * as a state machine stepped once a period: nothing before {@code initialDelaySeconds}; liveness
 * and readiness wait for the startup probe to pass; a verdict changes only after
 * {@code successThreshold} successes or {@code failureThreshold} failures in a row; a failed
 * liveness or startup verdict is held (no more probing) until the container is replaced.
 */
final class ProbeWorker {

    private final ProbeKind kind;
    private final Probe spec;
    private final Instant startedAt;
    private ProbeResults.Result lastResult = ProbeResults.Result.UNKNOWN;
    private int resultRun;
    private ProbeResults.Result verdict;
    private boolean onHold;

    ProbeWorker(ProbeKind kind, Probe spec, Instant startedAt) {
        this.kind = kind;
        this.spec = spec;
        this.startedAt = startedAt;
        this.verdict = kind.initial;
    }

    ProbeResults.Result verdict() {
        return verdict;
    }

    Duration period() {
        return Duration.ofSeconds(Math.max(1, orDefault(spec.getPeriodSeconds(), 10)));
    }

    Duration timeout() {
        return Duration.ofSeconds(Math.max(1, orDefault(spec.getTimeoutSeconds(), 1)));
    }

    private static int orDefault(Integer v, int d) {
        return v == null || v == 0 ? d : v;
    }

    /**
     * One period's step at {@code now}: probes (with {@code probe}) when due and allowed, and
     * answers the outcome it saw, or null when it did not probe.
     *
     * @param started whether the container's startup probe passed (or it has none)
     */
    ProbeOutcome step(Instant now, boolean started, Supplier<ProbeOutcome> probe) {
        if (onHold) return null;
        if (kind == ProbeKind.STARTUP && verdict == ProbeResults.Result.SUCCESS) return null;
        if (kind != ProbeKind.STARTUP && !started) return null;
        if (now.isBefore(startedAt.plusSeconds(orDefault(spec.getInitialDelaySeconds(), 0)))) return null;
        ProbeOutcome outcome = probe.get();
        // Upstream counts an error (Unknown) as a failure toward the threshold.
        ProbeResults.Result result = outcome.result() == ProbeResults.Result.SUCCESS ? ProbeResults.Result.SUCCESS
                : ProbeResults.Result.FAILURE;
        if (result == lastResult) {
            resultRun++;
        } else {
            lastResult = result;
            resultRun = 1;
        }
        int failureThreshold = orDefault(spec.getFailureThreshold(), 3);
        int successThreshold = orDefault(spec.getSuccessThreshold(), 1);
        if ((result == ProbeResults.Result.FAILURE && resultRun < failureThreshold)
                || (result == ProbeResults.Result.SUCCESS && resultRun < successThreshold)) {
            return outcome;
        }
        verdict = result;
        if (kind != ProbeKind.READINESS && result == ProbeResults.Result.FAILURE) {
            onHold = true;
            resultRun = 0;
        }
        return outcome;
    }
}
