package io.j8s.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;

/** Runs one probe of a container once (upstream's {@code prober.runProbe}). */
public interface Prober {

    ProbeOutcome probe(Pod pod, Container container, String containerId, String podIp, Probe probe);
}
