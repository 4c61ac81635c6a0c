package io.j8s.scheduler.plugins.tainttoleration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.j8s.scheduler.framework.Code;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.testing.Fixtures;
import io.j8s.scheduler.testing.Run;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaintTolerationTest {

    static Taint taint(String key, String value, String effect) {
        return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
    }

    static Toleration toleration(String key, String op, String value, String effect) {
        return new TolerationBuilder().withKey(key).withOperator(op).withValue(value).withEffect(effect).build();
    }

    static NodeInfo node(String name, Taint... taints) {
        return NodeInfo.of(Fixtures.node(name, "4", "8Gi", b -> b.editSpec().withTaints(taints).endSpec()));
    }

    record Case(String name, List<Taint> taints, List<Toleration> tolerations, Code want, String reason) {}

    static Stream<Case> cases() {
        Taint db = taint("dedicated", "database", "NoSchedule");
        return Stream.of(
                new Case("no taints", List.of(), List.of(), Code.Success, ""),
                new Case("an untolerated NoSchedule taint", List.of(db), List.of(), Code.UnschedulableAndUnresolvable,
                        "node(s) had untolerated taint {dedicated: database}"),
                new Case("tolerated by Equal", List.of(db), List.of(toleration("dedicated", "Equal", "database", "NoSchedule")), Code.Success, ""),
                new Case("Equal with another value does not", List.of(db), List.of(toleration("dedicated", "Equal", "web", "NoSchedule")),
                        Code.UnschedulableAndUnresolvable, "node(s) had untolerated taint {dedicated: database}"),
                new Case("Exists with no key tolerates everything", List.of(db), List.of(toleration(null, "Exists", null, null)), Code.Success, ""),
                new Case("another effect does not tolerate", List.of(db), List.of(toleration("dedicated", "Exists", null, "NoExecute")),
                        Code.UnschedulableAndUnresolvable, "node(s) had untolerated taint {dedicated: database}"),
                new Case("NoExecute filters too", List.of(taint("k", "v", "NoExecute")), List.of(), Code.UnschedulableAndUnresolvable,
                        "node(s) had untolerated taint {k: v}"),
                new Case("PreferNoSchedule does not filter", List.of(taint("k", "v", "PreferNoSchedule")), List.of(), Code.Success, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        Pod pod = Fixtures.pod("p").editSpec().withTolerations(c.tolerations()).endSpec().build();
        var s = Run.filter(TaintToleration.factory(MissingNode.getInstance(), null), pod, node("n", c.taints().toArray(Taint[]::new)));
        assertThat(s.code()).isEqualTo(c.want());
        assertThat(s.message()).isEqualTo(c.reason());
    }

    @Test
    void scoreFavoursNodesWithFewerUntoleratedPreferNoScheduleTaints() {
        List<NodeInfo> nodes = List.of(node("clean"), node("one", taint("a", "1", "PreferNoSchedule")),
                node("two", taint("a", "1", "PreferNoSchedule"), taint("b", "2", "PreferNoSchedule")),
                node("tolerated", taint("c", "3", "PreferNoSchedule")));
        Pod pod = Fixtures.pod("p").editSpec().withTolerations(toleration("c", "Exists", null, "PreferNoSchedule")).endSpec().build();
        assertThat(Run.score(TaintToleration.factory(MissingNode.getInstance(), null), pod, nodes)).containsExactly(100, 50, 0, 100);
    }
}
