package io.j8s.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.j8s.controllers.endpoint.Subsets.Address;
import io.j8s.controllers.endpoint.Subsets.Port;
import io.j8s.controllers.endpoint.Subsets.Subset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SubsetsTest {

    static Address a(String ip) {
        return new Address(ip, null, null, "Pod", "default", "p" + ip, "uid-" + ip);
    }

    static Port p(String name, int port) {
        return new Port(name, port, "TCP", null);
    }

    static Subset ready(Address a, Port... ports) {
        return new Subset(List.of(a), List.of(), List.of(ports));
    }

    static Subset notReady(Address a, Port... ports) {
        return new Subset(List.of(), List.of(a), List.of(ports));
    }

    record Case(String name, List<Subset> in, List<Subset> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> repackCases() {
        return Stream.of(
                new Case("nothing", List.of(), List.of()),
                new Case("pods on the same port share a subset, sorted by IP",
                        List.of(ready(a("10.0.0.2"), p("http", 80)), ready(a("10.0.0.1"), p("http", 80))),
                        List.of(new Subset(List.of(a("10.0.0.1"), a("10.0.0.2")), List.of(), List.of(p("http", 80))))),
                new Case("ready and not ready on the same port",
                        List.of(notReady(a("10.0.0.1"), p("http", 80)), ready(a("10.0.0.2"), p("http", 80))),
                        List.of(new Subset(List.of(a("10.0.0.2")), List.of(a("10.0.0.1")), List.of(p("http", 80))))),
                new Case("a named port resolved to different numbers splits the subsets",
                        List.of(ready(a("10.0.0.1"), p("http", 8080)), ready(a("10.0.0.2"), p("http", 9090))),
                        List.of(ready(a("10.0.0.1"), p("http", 8080)), ready(a("10.0.0.2"), p("http", 9090)))),
                new Case("one address with two ports is one subset of both ports",
                        List.of(ready(a("10.0.0.1"), p("web", 80)), ready(a("10.0.0.1"), p("admin", 81))),
                        List.of(ready(a("10.0.0.1"), p("admin", 81), p("web", 80)))),
                new Case("not ready on any subset wins",
                        List.of(ready(a("10.0.0.1"), p("http", 80)), notReady(a("10.0.0.1"), p("http", 80))),
                        List.of(notReady(a("10.0.0.1"), p("http", 80)))),
                new Case("headless without ports keeps its addresses",
                        List.of(ready(a("10.0.0.1")), notReady(a("10.0.0.2"))),
                        List.of(new Subset(List.of(a("10.0.0.1")), List.of(a("10.0.0.2")), List.of()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repackCases")
    void repacks(Case c) {
        assertThat(Subsets.repack(c.in())).isEqualTo(c.want());
    }

    static List<Address> many(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> a(prefix + i)).toList();
    }

    record TruncateCase(String name, List<Subset> in, int max, List<Integer> wantReady, List<Integer> wantNotReady) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<TruncateCase> truncateCases() {
        return Stream.of(
                new TruncateCase("fits", List.of(new Subset(many("r", 5), many("n", 5), List.of())), 10, List.of(5), List.of(5)),
                new TruncateCase("not-ready go first", List.of(new Subset(many("r", 6), many("n", 6), List.of())), 10, List.of(6), List.of(4)),
                new TruncateCase("over in ready ones: shares rounded up, no not-ready",
                        List.of(new Subset(many("a", 9), many("n", 3), List.of(p("a", 1))), new Subset(many("b", 3), List.of(), List.of(p("b", 2)))),
                        10, List.of(8, 2), List.of(0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncateCases")
    void truncates(TruncateCase c) {
        List<Subset> out = Subsets.truncate(c.in(), c.max());
        assertThat(out.stream().map(s -> s.addresses().size()).toList()).isEqualTo(c.wantReady());
        assertThat(out.stream().map(s -> s.notReadyAddresses().size()).toList()).isEqualTo(c.wantNotReady());
    }

    static Pod pod(String name, String ip, int httpPort, boolean ready) {
        var b = new PodBuilder().withNewMetadata().withNamespace("default").withName(name).withUid(name).endMetadata()
                .withNewSpec().withNodeName("n1").addNewContainer().withName("c").endContainer().endSpec()
                .withNewStatus().withPodIP(ip).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus();
        if (httpPort > 0) b.editSpec().editFirstContainer().withPorts(new ContainerPortBuilder().withName("http").withContainerPort(httpPort).build())
                .endContainer().endSpec();
        return b.build();
    }

    @org.junit.jupiter.api.Test
    void namedTargetPortsResolvePerPodAndUnresolvedPodsAreLeftOut() {
        Service svc = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata().withNewSpec()
                .withPorts(new ServicePortBuilder().withName("web").withPort(80).withTargetPort(new IntOrString("http")).build()).endSpec().build();
        List<Pod> pods = new ArrayList<>(List.of(pod("a", "10.0.0.1", 8080, true), pod("b", "10.0.0.2", 9090, false), pod("c", "10.0.0.3", 0, true),
                pod("d", null, 8080, true)));
        List<Subset> out = Subsets.repack(EndpointsController.subsetsFor(svc, pods));
        assertThat(out).extracting(s -> s.addresses().stream().map(Address::ip).toList() + " " + s.notReadyAddresses().stream().map(Address::ip).toList()
                + " " + s.ports()).containsExactly("[10.0.0.1] [] [Port[name=web, port=8080, protocol=TCP, appProtocol=null]]",
                "[] [10.0.0.2] [Port[name=web, port=9090, protocol=TCP, appProtocol=null]]");
        assertThat(out.getFirst().addresses().getFirst().nodeName()).isEqualTo("n1");
    }
}
