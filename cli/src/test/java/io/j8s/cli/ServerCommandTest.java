package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.apiserver.ApiServer;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ServerCommandTest {

    record Case(String name, String[] args, ApiServer.ServiceNetwork want) {}

    static Stream<Case> cases() {
        Duration repair = ApiServer.ServiceNetwork.DEFAULTS.repairInterval();
        return Stream.of(
                new Case("no flags: upstream's ranges", new String[] {}, ApiServer.ServiceNetwork.DEFAULTS),
                new Case("both ranges", new String[] {"--service-cluster-ip-range", "10.43.0.0/16", "--service-node-port-range", "31000-31999"},
                        new ApiServer.ServiceNetwork("10.43.0.0/16", "31000-31999", repair)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void serviceRangesComeFromTheFlags(Case c) {
        ServerCommand cmd = new ServerCommand();
        new CommandLine(cmd).parseArgs(c.args());
        assertThat(cmd.serviceNetwork()).isEqualTo(c.want());
    }

    @Test
    void aBadRangeNamesItsFlag() {
        ServerCommand cmd = new ServerCommand();
        new CommandLine(cmd).parseArgs("--service-node-port-range", "32767-30000");
        assertThatThrownBy(cmd::serviceNetwork).hasMessageContaining("--service-node-port-range");
        new CommandLine(cmd = new ServerCommand()).parseArgs("--service-cluster-ip-range", "10.96.0.1/12");
        assertThatThrownBy(cmd::serviceNetwork).hasMessageContaining("--service-cluster-ip-range 10.96.0.1/12: host bits are set");
    }
}
