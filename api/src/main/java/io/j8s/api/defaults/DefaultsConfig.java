package io.j8s.api.defaults;

/**
 * What defaulting takes from the cluster's configuration.
 *
 * @param notReadyTolerationSeconds how long a pod tolerates {@code node.kubernetes.io/not-ready:NoExecute}
 *     unless it says otherwise (kube-apiserver's {@code --default-not-ready-toleration-seconds})
 * @param unreachableTolerationSeconds the same for {@code node.kubernetes.io/unreachable:NoExecute}
 *     ({@code --default-unreachable-toleration-seconds})
 */
public record DefaultsConfig(long notReadyTolerationSeconds, long unreachableTolerationSeconds) {

    /** Upstream's defaults: five minutes each. */
    public static final DefaultsConfig UPSTREAM = new DefaultsConfig(300, 300);

    public DefaultsConfig {
        if (notReadyTolerationSeconds < 0) throw new IllegalArgumentException("notReadyTolerationSeconds < 0");
        if (unreachableTolerationSeconds < 0) throw new IllegalArgumentException("unreachableTolerationSeconds < 0");
    }
}
