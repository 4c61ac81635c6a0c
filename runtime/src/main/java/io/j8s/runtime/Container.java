package io.j8s.runtime;

import java.time.Instant;
import java.util.Map;

/** A container as {@link RuntimeService#listContainers} lists it (CRI {@code Container}). */
public record Container(String id, String podSandboxId, ContainerConfig.Metadata metadata, ImageSpec image,
                        String imageRef, ContainerState state, Instant createdAt,
                        Map<String, String> labels, Map<String, String> annotations) {
    public Container {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
