package io.j8s.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * kube-proxy's configuration (upstream's KubeProxyConfiguration, the part j8s has).
 *
 * @param mode               {@code nftables}, {@code userspace}, or "" for the best this host allows
 * @param nodeName           this node: endpoints whose nodeName it is are local (traffic policies)
 * @param nodeIp             the node's address (userspace forwarders listen there)
 * @param clusterCidr        the pods' addresses ({@code --cluster-cidr}): ClusterIP traffic from
 *                           elsewhere is masqueraded ("" for none)
 * @param minSyncPeriod      at most one sync per this period ({@code --min-sync-period})
 * @param syncPeriod         a sync at least this often ({@code --sync-period}); the full rewrite is hourly
 * @param metricsBindAddress {@code host:port} of /metrics, port 0 to disable
 * @param healthzBindAddress {@code host:port} of /healthz, port 0 to disable
 * @param localDnsPort       when positive, {@code kube-system/kube-dns} is redirected to this port on
 *                           the node (the node-local DNS server) and never rejected
 * @param table              the nftables table (family ip) the proxy owns
 * @param nftPrefix          a command put before {@code nft} ({@code ip netns exec NS} in tests and benches)
 * @param annotateNode       write {@code j8s.io/proxy-mode} on the Node object
 */
public record ProxyConfig(String mode, String nodeName, String nodeIp, String clusterCidr, Duration minSyncPeriod,
                          Duration syncPeriod, String metricsBindAddress, String healthzBindAddress, int localDnsPort,
                          String table, List<String> nftPrefix, boolean annotateNode) {

    public static final String NFTABLES = "nftables";
    public static final String USERSPACE = "userspace";
    public static final String DEFAULT_TABLE = "j8s-proxy";
    public static final String MODE_ANNOTATION = "j8s.io/proxy-mode";
    /**
     * 100 ms, not upstream's 1 s: the goal is a pod's readiness in the rules well under a second,
     * and a partial sync of one service is one small nft transaction (a few ms, see docs/benchmarks.md),
     * so ten per second at most costs little while bursts still coalesce.
     */
    public static final Duration DEFAULT_MIN_SYNC_PERIOD = Duration.ofMillis(100);
    public static final Duration DEFAULT_SYNC_PERIOD = Duration.ofSeconds(30);
    /**
     * Upstream's {@code proxyutil.FullSyncPeriod}: how often the nftables proxier rewrites the whole
     * table; the runner's {@code --sync-period} syncs in between are partial (a no-op when nothing changed).
     */
    public static final Duration FULL_SYNC_PERIOD = Duration.ofHours(1);

    public ProxyConfig {
        mode = mode == null ? "" : mode;
        if (!mode.isEmpty() && !mode.equals(NFTABLES) && !mode.equals(USERSPACE)) {
            throw new IllegalArgumentException("--proxy-mode must be nftables or userspace, not " + mode);
        }
        Objects.requireNonNull(nodeName, "nodeName");
        nodeIp = nodeIp == null || nodeIp.isEmpty() ? "127.0.0.1" : nodeIp;
        clusterCidr = clusterCidr == null ? "" : clusterCidr;
        minSyncPeriod = minSyncPeriod == null ? DEFAULT_MIN_SYNC_PERIOD : minSyncPeriod;
        syncPeriod = syncPeriod == null ? DEFAULT_SYNC_PERIOD : syncPeriod;
        metricsBindAddress = metricsBindAddress == null ? "127.0.0.1:10249" : metricsBindAddress;
        healthzBindAddress = healthzBindAddress == null ? "0.0.0.0:10256" : healthzBindAddress;
        table = table == null || table.isEmpty() ? DEFAULT_TABLE : table;
        nftPrefix = nftPrefix == null ? List.of() : List.copyOf(nftPrefix);
    }

    /** Upstream's defaults for a node: auto mode, 10.244.0.0/16, 127.0.0.1:10249 and 0.0.0.0:10256. */
    public static ProxyConfig defaults(String nodeName, String nodeIp) {
        return new ProxyConfig("", nodeName, nodeIp, "10.244.0.0/16", null, null, null, null, 0, null, null, true);
    }

    public ProxyConfig withMode(String m) {
        return new ProxyConfig(m, nodeName, nodeIp, clusterCidr, minSyncPeriod, syncPeriod, metricsBindAddress,
                healthzBindAddress, localDnsPort, table, nftPrefix, annotateNode);
    }

    public ProxyConfig withClusterCidr(String cidr) {
        return new ProxyConfig(mode, nodeName, nodeIp, cidr, minSyncPeriod, syncPeriod, metricsBindAddress,
                healthzBindAddress, localDnsPort, table, nftPrefix, annotateNode);
    }

    public ProxyConfig withSyncPeriods(Duration min, Duration full) {
        return new ProxyConfig(mode, nodeName, nodeIp, clusterCidr, min, full, metricsBindAddress, healthzBindAddress,
                localDnsPort, table, nftPrefix, annotateNode);
    }

    public ProxyConfig withBindAddresses(String metrics, String healthz) {
        return new ProxyConfig(mode, nodeName, nodeIp, clusterCidr, minSyncPeriod, syncPeriod, metrics, healthz,
                localDnsPort, table, nftPrefix, annotateNode);
    }

    public ProxyConfig withLocalDnsPort(int port) {
        return new ProxyConfig(mode, nodeName, nodeIp, clusterCidr, minSyncPeriod, syncPeriod, metricsBindAddress,
                healthzBindAddress, port, table, nftPrefix, annotateNode);
    }

    public ProxyConfig withNft(String tableName, List<String> prefix) {
        return new ProxyConfig(mode, nodeName, nodeIp, clusterCidr, minSyncPeriod, syncPeriod, metricsBindAddress,
                healthzBindAddress, localDnsPort, tableName, prefix, annotateNode);
    }

    public ProxyConfig withAnnotateNode(boolean annotate) {
        return new ProxyConfig(mode, nodeName, nodeIp, clusterCidr, minSyncPeriod, syncPeriod, metricsBindAddress,
                healthzBindAddress, localDnsPort, table, nftPrefix, annotate);
    }
}
