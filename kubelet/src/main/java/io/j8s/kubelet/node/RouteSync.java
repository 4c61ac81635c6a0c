package io.j8s.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host-gateway routes of the pod network: for every other node, {@code ip route replace
 * <its podCIDR> via <its InternalIP>}, so this node's pods reach theirs; a node that is gone loses
 * its route. Only as root with pods in their own network namespaces; a node whose address is one
 * of this machine's (several agents on one host, as {@code j8s up} runs them) needs no route.
 */
public final class RouteSync {

    private static final Logger log = LoggerFactory.getLogger(RouteSync.class);

    private final String self;
    private final Map<String, String> routes = new HashMap<>();

    public RouteSync(String self) {
        this.self = self;
    }

    /** Brings the routes in line with {@code nodes}. */
    public synchronized void sync(List<Node> nodes) {
        Map<String, String> want = new HashMap<>();
        for (Node n : nodes) {
            if (n.getMetadata().getName().equals(self) || n.getSpec() == null) continue;
            String cidr = n.getSpec().getPodCIDR();
            String ip = internalIp(n);
            if (cidr == null || cidr.isEmpty() || ip == null || cidr.contains(":") || isLocal(ip)) continue;
            want.put(cidr, ip);
        }
        for (var e : want.entrySet()) {
            if (e.getValue().equals(routes.get(e.getKey()))) continue;
            if (ip("route", "replace", e.getKey(), "via", e.getValue())) {
                log.info("Route to pod network {} via node {}", e.getKey(), e.getValue());
                routes.put(e.getKey(), e.getValue());
            }
        }
        for (var e : Map.copyOf(routes).entrySet()) {
            if (!want.containsKey(e.getKey())) {
                ip("route", "del", e.getKey(), "via", e.getValue());
                routes.remove(e.getKey());
                log.info("Removed the route to pod network {}", e.getKey());
            }
        }
    }

    static String internalIp(Node n) {
        if (n.getStatus() == null) return null;
        for (NodeAddress a : n.getStatus().getAddresses()) {
            if ("InternalIP".equals(a.getType())) return a.getAddress();
        }
        return null;
    }

    private static boolean isLocal(String ip) {
        try {
            InetAddress a = InetAddress.getByName(ip);
            return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean ip(String... args) {
        var cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() != 0) {
                log.warn("{} failed: {}", String.join(" ", cmd), out.strip());
                return false;
            }
            return true;
        } catch (IOException e) {
            log.warn("{} failed: {}", String.join(" ", cmd), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
