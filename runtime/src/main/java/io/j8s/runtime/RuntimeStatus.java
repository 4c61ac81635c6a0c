package io.j8s.runtime;

import java.util.List;
import java.util.Optional;

/**
 * CRI {@code RuntimeStatus}: conditions the kubelet folds into the node's Ready condition and
 * reports. {@link #RUNTIME_READY} and {@link #NETWORK_READY} are CRI's; {@link #POD_ISOLATION}
 * is j8s's own: false when pods share the node's network, files and processes (the process
 * runtime without root or off Linux), with the reason saying why.
 */
public record RuntimeStatus(List<Condition> conditions) {
    public static final String RUNTIME_READY = "RuntimeReady";
    public static final String NETWORK_READY = "NetworkReady";
    public static final String POD_ISOLATION = "PodIsolation";

    public RuntimeStatus {
        conditions = List.copyOf(conditions);
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** True when the named condition is present and true. */
    public boolean isTrue(String type) {
        return condition(type).map(Condition::status).orElse(false);
    }

    /** CRI {@code RuntimeCondition}. */
    public record Condition(String type, boolean status, String reason, String message) {
        public Condition {
            PodSandboxConfig.requireNonBlank(type, "type");
            reason = reason == null ? "" : reason;
            message = message == null ? "" : message;
        }
    }
}
