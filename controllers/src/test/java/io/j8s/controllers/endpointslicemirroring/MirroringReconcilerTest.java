package io.j8s.controllers.endpointslicemirroring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.j8s.controllers.endpointslice.Slices.Ep;
import io.j8s.controllers.endpointslicemirroring.MirroringReconciler.Existing;
import io.j8s.controllers.endpointslicemirroring.MirroringReconciler.Group;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MirroringReconcilerTest {

    static EndpointSubset subset(int port, List<String> ready, List<String> notReady) {
        var b = new EndpointSubsetBuilder().addNewPort().withName("p").withPort(port).withProtocol("TCP").endPort();
        ready.forEach(ip -> b.addNewAddress().withIp(ip).endAddress());
        notReady.forEach(ip -> b.addNewNotReadyAddress().withIp(ip).endNotReadyAddress());
        return b.build();
    }

    static List<String> describe(Map<Group, List<Ep>> groups) {
        return groups.entrySet().stream().map(e -> e.getKey().addressType() + " " + e.getKey().ports().getFirst().port() + " "
                + e.getValue().stream().map(x -> x.address() + "=" + x.ready()).toList()).toList();
    }

    @Test
    void groupsByAddressTypeAndPortsSkippingWhatIsNoIp() {
        var groups = MirroringReconciler.desired(List.of(subset(80, List.of("10.0.0.1", "fd00::1", "nonsense"), List.of("10.0.0.2")),
                subset(80, List.of("10.0.0.3"), List.of()), subset(81, List.of("10.0.0.4"), List.of())), 1000);
        assertThat(describe(groups)).containsExactly("IPv4 80 [10.0.0.1=true, 10.0.0.2=false, 10.0.0.3=true]", "IPv6 80 [fd00::1=true]",
                "IPv4 81 [10.0.0.4=true]");
    }

    @Test
    void keepsAtMostMaxPerSubsetReadyFirst() {
        var groups = MirroringReconciler.desired(List.of(subset(80, List.of("10.0.0.1", "10.0.0.2"), List.of("10.0.0.3"))), 2);
        assertThat(describe(groups)).containsExactly("IPv4 80 [10.0.0.1=true, 10.0.0.2=true]");
    }

    @Test
    void updatesTheFirstSliceOfAGroupDeletesTheRestAndCreatesWhatIsMissing() {
        var desired = MirroringReconciler.desired(List.of(subset(80, List.of("10.0.0.1"), List.of()), subset(81, List.of("10.0.0.2"), List.of())), 1000);
        Group g80 = desired.keySet().iterator().next();
        Map<String, String> labels = Map.of("l", "v");
        var plan = MirroringReconciler.reconcile(List.of(new Existing("a", g80, List.of(), labels, Map.of()),
                new Existing("b", g80, List.of(), labels, Map.of())), desired, labels, Map.of());
        assertThat(plan.updates().keySet()).containsExactly("a");
        assertThat(plan.deletes()).containsExactly("b");
        assertThat(plan.creates()).singleElement().satisfies(c -> assertThat(c.getKey().ports().getFirst().port()).isEqualTo(81));
        var again = MirroringReconciler.reconcile(List.of(new Existing("a", g80, desired.get(g80), labels, Map.of())),
                Map.of(g80, desired.get(g80)), labels, Map.of());
        assertThat(again.isEmpty()).isTrue();
    }
}
