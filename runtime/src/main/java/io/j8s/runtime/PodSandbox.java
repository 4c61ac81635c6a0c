package io.j8s.runtime;

import java.time.Instant;
import java.util.Map;

/** A sandbox as {@link RuntimeService#listPodSandbox} lists it (CRI {@code PodSandbox}). */
public record PodSandbox(String id, PodSandboxConfig.Metadata metadata, SandboxState state, Instant createdAt,
                         Map<String, String> labels, Map<String, String> annotations) {
    public PodSandbox {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
