package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The workload `./j8s build` trains the JVM's ahead-of-time cache with: it must run to its end. */
class AotTrainingCommandTest {

    @Test
    void aClusterWithASimulatedNodeRollsOutItsDeploymentAndStops() {
        assertThat(new CommandLine(new Main()).execute("aot-training", "--runtime", "simulated")).isZero();
    }

    @Test
    void itIsNotAmongTheCommandsUsersSee() {
        assertThat(new CommandLine(new Main()).getUsageMessage()).doesNotContain("aot-training");
    }
}
