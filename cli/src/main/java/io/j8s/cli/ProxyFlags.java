package io.j8s.cli;

import io.j8s.proxy.ProxyConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** kube-proxy's flags, upstream's names and defaults (but --min-sync-period, see ProxyConfig), shared by {@code agent} and {@code proxy}. */
final class ProxyFlags {

    @Option(names = "--proxy-mode", description = "nftables or userspace (default: nftables where this is root on Linux with nft, userspace otherwise).")
    String proxyMode = "";

    @Option(names = "--cluster-cidr", description = "The pods' addresses: ClusterIP traffic from elsewhere is masqueraded (default: ${DEFAULT-VALUE}).")
    String clusterCidr = "10.244.0.0/16";

    @Option(names = "--min-sync-period", converter = GoDuration.class, description = "At most one rule sync per this period (default: 100ms).")
    Duration minSyncPeriod = ProxyConfig.DEFAULT_MIN_SYNC_PERIOD;

    @Option(names = "--sync-period", converter = GoDuration.class, description = "A rule sync at least this often (default: 30s; the whole table is rewritten hourly).")
    Duration syncPeriod = ProxyConfig.DEFAULT_SYNC_PERIOD;

    @Option(names = "--metrics-bind-address", description = "kube-proxy's /metrics, host:port; port 0 disables (default: ${DEFAULT-VALUE}).")
    String metricsBindAddress = "127.0.0.1:10249";

    @Option(names = "--healthz-bind-address", description = "kube-proxy's /healthz, host:port; port 0 disables (default: ${DEFAULT-VALUE}).")
    String healthzBindAddress = "0.0.0.0:10256";

    ProxyConfig config(String nodeName, String nodeIp, int localDnsPort) {
        return ProxyConfig.defaults(nodeName, nodeIp).withMode(proxyMode).withClusterCidr(clusterCidr)
                .withSyncPeriods(minSyncPeriod, syncPeriod).withBindAddresses(metricsBindAddress, healthzBindAddress)
                .withLocalDnsPort(localDnsPort);
    }
}
