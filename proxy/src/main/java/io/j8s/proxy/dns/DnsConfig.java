package io.j8s.proxy.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The node-local cluster DNS server's configuration, CoreDNS's Corefile in a record:
 * {@code kubernetes <clusterDomain> in-addr.arpa ip6.arpa { pods insecure; ttl <ttl>; fallthrough in-addr.arpa ip6.arpa }}
 * and {@code forward . /etc/resolv.conf}.
 *
 * @param clusterDomain the zone answered from the API ({@code cluster.local})
 * @param bindAddress where the UDP and TCP listeners bind ({@code 0.0.0.0})
 * @param port their port (10053; 0 picks a free one, for tests)
 * @param ttlSeconds the TTL of every answer from the API, and the SOA's minimum (CoreDNS: 5)
 * @param resolvConf where the node's upstream resolvers are read from, when {@code upstreams} is empty
 * @param upstreams upstream resolvers to forward to instead of those in {@code resolvConf} (tests)
 * @param self addresses that are this server (the cluster DNS Service IP): never forwarded to, so
 *     a node whose resolv.conf names the cluster DNS does not loop
 * @param forwardTimeout how long one upstream has to answer before the next is asked
 * @param tcpIdleTimeout how long a TCP connection may sit idle between queries
 * @param allowedSources the source CIDRs answered (CoreDNS's {@code acl} plugin's {@code allow net});
 *     others get REFUSED; empty answers everyone
 */
public record DnsConfig(String clusterDomain, String bindAddress, int port, int ttlSeconds, Path resolvConf,
        List<InetSocketAddress> upstreams, List<InetAddress> self, Duration forwardTimeout, Duration tcpIdleTimeout,
        List<String> allowedSources) {

    public static final int DEFAULT_PORT = 10053;

    public DnsConfig {
        Objects.requireNonNull(clusterDomain, "clusterDomain");
        clusterDomain = clusterDomain.endsWith(".") ? clusterDomain.substring(0, clusterDomain.length() - 1) : clusterDomain;
        if (clusterDomain.isEmpty()) throw new IllegalArgumentException("--cluster-domain must not be empty");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--cluster-dns-port must be 0-65535, not " + port);
        if (ttlSeconds < 0 || ttlSeconds > 3600) throw new IllegalArgumentException("ttl must be 0-3600 seconds, not " + ttlSeconds);
        Objects.requireNonNull(resolvConf, "resolvConf");
        upstreams = List.copyOf(upstreams);
        self = List.copyOf(self);
        if (forwardTimeout.isNegative() || forwardTimeout.isZero()) throw new IllegalArgumentException("forward timeout must be positive");
        if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) throw new IllegalArgumentException("tcp idle timeout must be positive");
        allowedSources = List.copyOf(allowedSources);
        SourceAcl.of(allowedSources); // refuses a bad CIDR here, naming it
    }

    /** CoreDNS's defaults: cluster.local, TTL 5, the node's /etc/resolv.conf, 2 s per upstream (forward's dial/read budget). */
    public static DnsConfig defaults() {
        return new DnsConfig("cluster.local", "0.0.0.0", DEFAULT_PORT, 5, Path.of("/etc/resolv.conf"), List.of(), List.of(),
                Duration.ofSeconds(2), Duration.ofSeconds(10), List.of());
    }

    public DnsConfig withClusterDomain(String domain) {
        return new DnsConfig(domain, bindAddress, port, ttlSeconds, resolvConf, upstreams, self,
                forwardTimeout, tcpIdleTimeout, allowedSources);
    }

    public DnsConfig withListen(String address, int listenPort) {
        return new DnsConfig(clusterDomain, address, listenPort, ttlSeconds, resolvConf, upstreams, self,
                forwardTimeout, tcpIdleTimeout, allowedSources);
    }

    public DnsConfig withTtl(int seconds) {
        return new DnsConfig(clusterDomain, bindAddress, port, seconds, resolvConf, upstreams, self,
                forwardTimeout, tcpIdleTimeout, allowedSources);
    }

    public DnsConfig withResolvConf(Path path) {
        return new DnsConfig(clusterDomain, bindAddress, port, ttlSeconds, path, upstreams, self,
                forwardTimeout, tcpIdleTimeout, allowedSources);
    }

    public DnsConfig withUpstreams(List<InetSocketAddress> servers) {
        return new DnsConfig(clusterDomain, bindAddress, port, ttlSeconds, resolvConf, servers, self,
                forwardTimeout, tcpIdleTimeout, allowedSources);
    }

    public DnsConfig withSelf(List<InetAddress> addresses) {
        return new DnsConfig(clusterDomain, bindAddress, port, ttlSeconds, resolvConf, upstreams, addresses,
                forwardTimeout, tcpIdleTimeout, allowedSources);
    }

    public DnsConfig withForwardTimeout(Duration timeout) {
        return new DnsConfig(clusterDomain, bindAddress, port, ttlSeconds, resolvConf, upstreams, self,
                timeout, tcpIdleTimeout, allowedSources);
    }

    public DnsConfig withAllowedSources(List<String> cidrs) {
        return new DnsConfig(clusterDomain, bindAddress, port, ttlSeconds, resolvConf, upstreams, self,
                forwardTimeout, tcpIdleTimeout, cidrs);
    }

    public DnsConfig withTcpIdleTimeout(Duration timeout) {
        return new DnsConfig(clusterDomain, bindAddress, port, ttlSeconds, resolvConf, upstreams, self,
                forwardTimeout, timeout, allowedSources);
    }
}
