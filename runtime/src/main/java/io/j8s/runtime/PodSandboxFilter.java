package io.j8s.runtime;

import java.util.Map;

/**
 * CRI {@code PodSandboxFilter}: every non-null field must match; {@code labelSelector} entries
 * must all be among the sandbox's labels.
 */
public record PodSandboxFilter(String id, SandboxState state, Map<String, String> labelSelector) {
    public static final PodSandboxFilter ALL = new PodSandboxFilter(null, null, Map.of());

    public PodSandboxFilter {
        labelSelector = labelSelector == null ? Map.of() : Map.copyOf(labelSelector);
    }

    public boolean matches(String id, SandboxState state, Map<String, String> labels) {
        return (this.id == null || this.id.equals(id)) && (this.state == null || this.state == state)
                && labels.entrySet().containsAll(labelSelector.entrySet());
    }
}
