package io.j8s.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.scheduler.framework.runtime.Framework;
import io.j8s.scheduler.queue.Nominator;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.RecordingPodActions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    static final String HEAD = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

    static Framework framework(Profile p) {
        return Fixtures.framework(p, List.of(), io.j8s.scheduler.framework.ClusterLister.EMPTY, new RecordingPodActions(), new Nominator());
    }

    @Test
    void theDefaultsAreUpstreams() {
        SchedulerConfiguration c = ConfigLoader.parse(HEAD);
        assertThat(c.parallelism()).isEqualTo(16);
        assertThat(c.percentageOfNodesToScore()).isZero();
        assertThat(c.podInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.podMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.leaderElection()).isEqualTo(LeaderElection.DEFAULTS);
        Framework f = framework(c.profiles().get(0));
        assertThat(f.profileName()).isEqualTo("default-scheduler");
        assertThat(f.pluginNames().get("filter")).containsExactly("NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity",
                "NodePorts", "NodeResourcesFit", "VolumeBinding", "PodTopologySpread", "InterPodAffinity");
        assertThat(f.pluginNames().get("score")).containsExactly("TaintToleration=3", "NodeAffinity=2", "NodeResourcesFit=1",
                "PodTopologySpread=2", "InterPodAffinity=2", "NodeResourcesBalancedAllocation=1", "ImageLocality=1");
        assertThat(f.pluginNames().get("postFilter")).containsExactly("DefaultPreemption");
        assertThat(f.pluginNames().get("bind")).containsExactly("DefaultBinder");
    }

    @Test
    void profilesDisableEnableAndWeighPluginsAndCarryArgs() {
        SchedulerConfiguration c = ConfigLoader.parse(HEAD + """
                parallelism: 4
                percentageOfNodesToScore: 30
                podInitialBackoffSeconds: 2
                podMaxBackoffSeconds: 20
                leaderElection:
                  leaderElect: false
                  leaseDuration: 30s
                  renewDeadline: 20s
                  retryPeriod: 4s
                profiles:
                - schedulerName: default-scheduler
                - schedulerName: packer
                  percentageOfNodesToScore: 100
                  plugins:
                    score:
                      disabled:
                      - name: NodeResourcesBalancedAllocation
                      - name: ImageLocality
                      enabled:
                      - name: NodeResourcesFit
                        weight: 5
                    postFilter:
                      disabled:
                      - name: '*'
                  pluginConfig:
                  - name: NodeResourcesFit
                    args:
                      scoringStrategy:
                        type: MostAllocated
                """);
        assertThat(c.parallelism()).isEqualTo(4);
        assertThat(c.percentageOfNodesToScore()).isEqualTo(30);
        assertThat(c.podInitialBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.leaderElection().leaderElect()).isFalse();
        assertThat(c.leaderElection().leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.profiles()).extracting(Profile::schedulerName).containsExactly("default-scheduler", "packer");
        Profile packer = c.profiles().get(1);
        assertThat(packer.percentageOfNodesToScore()).isEqualTo(100);
        assertThat(packer.args("NodeResourcesFit").path("scoringStrategy").path("type").asText()).isEqualTo("MostAllocated");
        Framework f = framework(packer);
        assertThat(f.pluginNames().get("score")).containsExactly("NodeResourcesFit=5", "TaintToleration=3", "NodeAffinity=2",
                "PodTopologySpread=2", "InterPodAffinity=2");
        assertThat(f.pluginNames().get("postFilter")).isEmpty();
    }

    record Bad(String name, String yaml, String message) {}

    static Stream<Bad> bad() {
        return Stream.of(
                new Bad("wrong apiVersion", "apiVersion: v1\nkind: KubeSchedulerConfiguration\n", "apiVersion must be kubescheduler.config.k8s.io/v1"),
                new Bad("an unknown field", HEAD + "parallelizm: 3\n", "unknown field \"parallelizm\""),
                new Bad("an unknown extension point", HEAD + "profiles:\n- plugins:\n    filtr: {}\n", "unknown extension point \"filtr\""),
                new Bad("duplicate profiles", HEAD + "profiles:\n- schedulerName: a\n- schedulerName: a\n", "duplicate profile"),
                new Bad("renew deadline not below the lease", HEAD + "leaderElection:\n  leaseDuration: 5s\n  renewDeadline: 5s\n",
                        "leaseDuration (PT5S) must be greater than renewDeadline (PT5S)"),
                new Bad("a bad percentage", HEAD + "percentageOfNodesToScore: 101\n", "percentageOfNodesToScore must be in [0, 100]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void refuses(Bad b) {
        assertThatThrownBy(() -> ConfigLoader.parse(b.yaml())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(b.message());
    }

    @Test
    void anUnknownPluginOrBadArgsFailTheProfile() {
        Profile unknown = ConfigLoader.parse(HEAD + "profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: Nope\n").profiles().get(0);
        assertThatThrownBy(() -> framework(unknown)).hasMessageContaining("no plugin named \"Nope\"");
        Profile badArgs = ConfigLoader.parse(HEAD + "profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n"
                + "      scoringStrategy:\n        type: Cheapest\n").profiles().get(0);
        assertThatThrownBy(() -> framework(badArgs)).hasMessageContaining("scoringStrategy.type: unsupported value \"Cheapest\"");
        Profile wrongPoint = ConfigLoader.parse(HEAD + "profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: ImageLocality\n")
                .profiles().get(0);
        assertThatThrownBy(() -> framework(wrongPoint)).hasMessageContaining("plugin \"ImageLocality\" does not extend Filter plugin");
    }
}
