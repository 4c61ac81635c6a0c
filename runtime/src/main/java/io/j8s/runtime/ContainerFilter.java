package io.j8s.runtime;

import java.util.Map;

/**
 * CRI {@code ContainerFilter}: every non-null field must match; {@code labelSelector} entries
 * must all be among the container's labels.
 */
public record ContainerFilter(String id, ContainerState state, String podSandboxId, Map<String, String> labelSelector) {
    public static final ContainerFilter ALL = new ContainerFilter(null, null, null, Map.of());

    public ContainerFilter {
        labelSelector = labelSelector == null ? Map.of() : Map.copyOf(labelSelector);
    }

    public static ContainerFilter inSandbox(String podSandboxId) {
        return new ContainerFilter(null, null, podSandboxId, Map.of());
    }

    public boolean matches(String id, ContainerState state, String podSandboxId, Map<String, String> labels) {
        return (this.id == null || this.id.equals(id)) && (this.state == null || this.state == state)
                && (this.podSandboxId == null || this.podSandboxId.equals(podSandboxId))
                && labels.entrySet().containsAll(labelSelector.entrySet());
    }
}
