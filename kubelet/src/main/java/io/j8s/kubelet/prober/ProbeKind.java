package io.j8s.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/** The three probes, with their names in events and their verdict before the first probe. */
public enum ProbeKind {
    LIVENESS("Liveness", ProbeResults.Result.SUCCESS),
    READINESS("Readiness", ProbeResults.Result.FAILURE),
    STARTUP("Startup", ProbeResults.Result.UNKNOWN);

    final String title;
    final ProbeResults.Result initial;

    ProbeKind(String title, ProbeResults.Result initial) {
        this.title = title;
        this.initial = initial;
    }

    Probe of(Container c) {
        return switch (this) {
            case LIVENESS -> c.getLivenessProbe();
            case READINESS -> c.getReadinessProbe();
            case STARTUP -> c.getStartupProbe();
        };
    }
}
