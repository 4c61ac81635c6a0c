package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.proxy.dns.DnsConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AgentDnsFlagsTest {

    private static AgentCommand parse(String... args) {
        AgentCommand agent = new AgentCommand();
        new CommandLine(agent).parseArgs(args);
        return agent;
    }

    @Test
    void defaultsAreCoreDnsOnTheNodeLocalPort() throws Exception {
        AgentCommand agent = parse("--server", "https://127.0.0.1:6443");
        DnsConfig c = agent.clusterDnsConfig("192.0.2.7");
        assertThat(agent.disableClusterDns).isFalse();
        assertThat(c.clusterDomain()).isEqualTo("cluster.local");
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(10053);
        assertThat(c.ttlSeconds()).isEqualTo(5);
        assertThat(c.resolvConf()).isEqualTo(Path.of("/etc/resolv.conf"));
        assertThat(c.forwardTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.allowedSources()).containsExactly("10.244.0.0/16", "192.0.2.7", "127.0.0.0/8", "::1/128");
    }

    @Test
    void theAllowListFollowsTheClusterCidrOrIsGiven() throws Exception {
        assertThat(parse("--server", "https://x:6443", "--cluster-cidr", "10.42.0.0/16").clusterDnsConfig("192.0.2.7").allowedSources())
                .first().isEqualTo("10.42.0.0/16");
        assertThat(parse("--server", "https://x:6443", "--cluster-dns-allow", "0.0.0.0/0,::/0").clusterDnsConfig("192.0.2.7")
                .allowedSources()).containsExactly("0.0.0.0/0", "::/0");
        AgentCommand bad = parse("--server", "https://x:6443", "--cluster-dns-allow", "10.0.0.0/33");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bad.clusterDnsConfig("192.0.2.7"))
                .hasMessageContaining("--cluster-dns-allow: \"10.0.0.0/33\"");
    }

    @Test
    void flagsReachTheConfig() throws Exception {
        AgentCommand agent = parse("--server", "https://127.0.0.1:6443", "--cluster-domain", "corp.internal", "--cluster-dns", "10.96.0.10",
                "--cluster-dns-bind-address", "127.0.0.1", "--cluster-dns-port", "5353", "--cluster-dns-ttl", "30",
                "--cluster-dns-resolv-conf", "/run/resolv.conf", "--cluster-dns-forward-timeout", "500ms");
        DnsConfig c = agent.clusterDnsConfig("192.0.2.7");
        assertThat(c.clusterDomain()).isEqualTo("corp.internal");
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(5353);
        assertThat(c.ttlSeconds()).isEqualTo(30);
        assertThat(c.resolvConf()).isEqualTo(Path.of("/run/resolv.conf"));
        assertThat(c.forwardTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.self()).containsExactly(InetAddress.getByName("10.96.0.10"));
        assertThat(parse("--server", "https://x:6443", "--disable-cluster-dns").disableClusterDns).isTrue();
    }
}
