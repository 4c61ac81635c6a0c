package io.j8s.kubelet.prober;

/** What one probe found: its verdict and the words to put in the event (upstream's {@code probe.Result} and output). */
public record ProbeOutcome(ProbeResults.Result result, String output) {

    public static ProbeOutcome success(String output) {
        return new ProbeOutcome(ProbeResults.Result.SUCCESS, output);
    }

    public static ProbeOutcome failure(String output) {
        return new ProbeOutcome(ProbeResults.Result.FAILURE, output);
    }

    /** The probe could not be run (upstream's {@code probe.Unknown}): counted as a failure, said as a warning. */
    public static ProbeOutcome unknown(String output) {
        return new ProbeOutcome(ProbeResults.Result.UNKNOWN, output);
    }
}
