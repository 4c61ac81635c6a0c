package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.proxy.ProxyConfig;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ProxyFlagsTest {

    record Case(String name, String[] args, boolean disabled, ProxyConfig want) {}

    static final ProxyConfig DEFAULTS = ProxyConfig.defaults("n1", "10.0.0.1");

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no flags: upstream's defaults, 100ms min sync period", new String[] {"--server", "https://s:6443"}, false,
                        DEFAULTS),
                new Case("upstream's flag names", new String[] {"--server", "https://s:6443", "--proxy-mode", "userspace",
                        "--cluster-cidr", "10.42.0.0/16", "--min-sync-period", "1s", "--sync-period", "1m",
                        "--metrics-bind-address", "0.0.0.0:10249", "--healthz-bind-address", "127.0.0.1:0"}, false,
                        DEFAULTS.withMode("userspace").withClusterCidr("10.42.0.0/16")
                                .withSyncPeriods(Duration.ofSeconds(1), Duration.ofMinutes(1))
                                .withBindAddresses("0.0.0.0:10249", "127.0.0.1:0")),
                new Case("--disable-kube-proxy, as k3s", new String[] {"--server", "https://s:6443", "--disable-kube-proxy"}, true,
                        DEFAULTS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agentTakesKubeProxysFlags(Case c) {
        AgentCommand agent = new AgentCommand();
        new CommandLine(agent).parseArgs(c.args());
        assertThat(agent.disableKubeProxy).isEqualTo(c.disabled());
        assertThat(agent.proxyFlags.config("n1", "10.0.0.1", 0)).isEqualTo(c.want());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void proxyCommandTakesTheSameFlags(Case c) {
        if (c.disabled()) return;
        ProxyCommand proxy = new ProxyCommand();
        String[] args = Stream.concat(Stream.of("--kubeconfig", "k"), Stream.of(c.args()).skip(2)).toArray(String[]::new);
        new CommandLine(proxy).parseArgs(args);
        assertThat(proxy.flags.config("n1", "10.0.0.1", 0)).isEqualTo(c.want());
    }
}
