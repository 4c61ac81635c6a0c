package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.controllers.runtime.LeaderElection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ControllerManagerFlagsTest {

    static ControllerManagerOptions parse(Object command, ControllerManagerFlags flags, String... args) {
        new CommandLine(command).parseArgs(args);
        return flags.options(false, LeaderElection.Timing.UPSTREAM);
    }

    @Test
    void theEndpointControllersTakeUpstreamsFlagsInBothCommands() {
        ServerCommand server = new ServerCommand();
        var o = parse(server, server.controllerManager, "--max-endpoints-per-slice", "50", "--concurrent-service-endpoint-syncs", "7",
                "--concurrent-endpoint-slice-syncs", "8", "--endpoint-updates-batch-period", "500ms", "--mirroring-max-endpoints-per-subset", "10");
        assertThat(o.endpoints()).isEqualTo(new ControllerManagerOptions.Endpoints(Duration.ofMillis(500), Duration.ZERO, 50, 10));
        assertThat(o.concurrentSyncs("endpoint")).isEqualTo(7);
        assertThat(o.concurrentSyncs("endpointslice")).isEqualTo(8);
        assertThat(o.concurrentSyncs("endpointslicemirroring")).isEqualTo(5);
        assertThat(o.concurrentSyncs("daemonset")).isEqualTo(2);

        ControllerManagerCommand cm = new ControllerManagerCommand();
        assertThat(parse(cm, cm.flags, "--kubeconfig", "k").endpoints()).isEqualTo(ControllerManagerOptions.Endpoints.UPSTREAM);
    }

    @Test
    void metricsAreServedOnUpstreamsSecurePortUnlessTurnedOff() {
        ControllerManagerCommand defaults = new ControllerManagerCommand();
        new CommandLine(defaults).parseArgs("--kubeconfig", "k");
        assertThat(defaults.securePort).isEqualTo(10257);
        assertThat(defaults.bindAddress).isEqualTo("0.0.0.0");
        ControllerManagerCommand off = new ControllerManagerCommand();
        new CommandLine(off).parseArgs("--kubeconfig", "k", "--secure-port", "-1", "--bind-address", "127.0.0.1");
        assertThat(off.securePort).isEqualTo(-1);
        assertThat(off.bindAddress).isEqualTo("127.0.0.1");
    }
}
