package io.j8s.proxy.tracker;

import java.util.List;

/**
 * Upstream's {@code CategorizeEndpoints}: which endpoints traffic from inside the cluster
 * ({@code cluster}) and which traffic that must stay on this node ({@code local}) may go to. Ready
 * endpoints are used; when none is ready, serving-and-terminating ones are (graceful termination).
 *
 * @param hasAny whether the service has usable endpoints anywhere (a policy that finds none local
 *               then drops instead of rejecting, as upstream)
 */
public record CategorizedEndpoints(List<Endpoint> cluster, List<Endpoint> local, boolean hasAny) {

    public static CategorizedEndpoints of(List<Endpoint> endpoints) {
        List<Endpoint> cluster = usable(endpoints);
        List<Endpoint> local = usable(endpoints.stream().filter(Endpoint::local).toList());
        return new CategorizedEndpoints(cluster, local, !cluster.isEmpty());
    }

    private static List<Endpoint> usable(List<Endpoint> endpoints) {
        List<Endpoint> ready = endpoints.stream().filter(Endpoint::ready).toList();
        if (!ready.isEmpty()) return ready;
        return endpoints.stream().filter(e -> e.serving() && e.terminating()).toList();
    }
}
