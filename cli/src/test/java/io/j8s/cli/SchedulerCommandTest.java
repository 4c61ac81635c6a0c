package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.scheduler.config.LeaderElection;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class SchedulerCommandTest {

    record Case(String name, String[] args, LeaderElection want) {}

    static Stream<Case> cases() {
        LeaderElection d = LeaderElection.DEFAULTS;
        return Stream.of(
                new Case("no flags: the configuration's (upstream's defaults)", new String[] {"--kubeconfig", "k"}, d),
                new Case("--leader-elect=false", new String[] {"--kubeconfig", "k", "--leader-elect=false"}, d.withLeaderElect(false)),
                new Case("durations with upstream's flag names", new String[] {"--kubeconfig", "k", "--leader-elect-lease-duration", "30s",
                        "--leader-elect-renew-deadline", "20s", "--leader-elect-retry-period", "500ms"},
                        d.withDurations(Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMillis(500))),
                new Case("the lease's name and namespace", new String[] {"--kubeconfig", "k", "--leader-elect-resource-namespace", "ha",
                        "--leader-elect-resource-name", "sched"}, new LeaderElection(true, d.leaseDuration(), d.renewDeadline(),
                        d.retryPeriod(), "ha", "sched")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flagsOverrideTheConfiguration(Case c) {
        SchedulerCommand cmd = new SchedulerCommand();
        new CommandLine(cmd).parseArgs(c.args());
        assertThat(cmd.leaderElection(LeaderElection.DEFAULTS)).isEqualTo(c.want());
        assertThat(cmd.securePort).isEqualTo(10259);
    }
}
