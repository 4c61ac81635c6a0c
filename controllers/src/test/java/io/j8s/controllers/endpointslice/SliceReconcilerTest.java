package io.j8s.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.controllers.endpointslice.SliceReconciler.Existing;
import io.j8s.controllers.endpointslice.SliceReconciler.Plan;
import io.j8s.controllers.endpointslice.Slices.Ep;
import io.j8s.controllers.endpointslice.Slices.Port;
import io.j8s.controllers.endpointslice.Slices.Ref;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SliceReconcilerTest {

    static final List<Port> HTTP = List.of(new Port("http", 8080, "TCP", null));
    static final Map<String, String> LABELS = Map.of("kubernetes.io/service-name", "web");

    static Ep ep(int i, boolean ready) {
        return new Ep("10.0." + (i / 250) + "." + (i % 250 + 1), ready, ready, false, null, "n1", null, new Ref("Pod", "default", "p" + i, "u" + i));
    }

    static List<Ep> eps(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> ep(i, true)).toList();
    }

    static Existing slice(String name, List<Ep> eps) {
        return new Existing(name, true, HTTP, eps, LABELS);
    }

    static List<Ep> concat(List<Ep> a, List<Ep> b) {
        List<Ep> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** A plan as "create:N", "update:NAME:N", "delete:NAME". */
    record Case(String name, List<Existing> existing, List<Ep> desired, List<String> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("new Service: slices of at most 100", List.of(), eps(0, 250), List.of("create:100", "create:100", "create:50")),
                new Case("nothing changed: nothing written", List.of(slice("a", eps(0, 100)), slice("b", eps(100, 150))), eps(0, 150), List.of()),
                new Case("a readiness change updates only its slice",
                        List.of(slice("a", eps(0, 100)), slice("b", eps(100, 150))),
                        concat(eps(0, 120), concat(List.of(ep(120, false)), eps(121, 150))), List.of("update:b:50")),
                new Case("a new endpoint goes into an updated slice first",
                        List.of(slice("a", eps(0, 90)), slice("b", eps(100, 150))),
                        concat(eps(0, 89), concat(eps(100, 150), eps(200, 201))), List.of("update:a:90")),
                new Case("new endpoints fill the unchanged slice they fit best",
                        List.of(slice("a", eps(0, 60)), slice("b", eps(100, 190))),
                        concat(eps(0, 60), concat(eps(100, 190), eps(200, 210))), List.of("update:b:100")),
                new Case("a slice left empty is deleted",
                        List.of(slice("a", eps(0, 100)), slice("b", eps(100, 110))), eps(0, 100), List.of("delete:b")),
                new Case("a slice of a port set no longer wanted goes",
                        List.of(slice("a", eps(0, 10)), new Existing("old", true, List.of(new Port("http", 9090, "TCP", null)), eps(10, 20), LABELS)),
                        concat(eps(0, 10), eps(20, 25)), List.of("update:a:15", "delete:old")),
                new Case("a slice to delete is reused rather than deleted and another created",
                        List.of(slice("a", eps(0, 100)), new Existing("old", true, List.of(new Port("http", 9090, "TCP", null)), eps(100, 110), LABELS)),
                        eps(0, 105), List.of("update:old:5")),
                new Case("no endpoints: one placeholder", List.of(), List.of(), List.of("create:0")),
                new Case("the placeholder stays", List.of(new Existing("ph", true, List.of(), List.of(), LABELS)), List.of(), List.of()),
                new Case("a slice of another owner goes", List.of(new Existing("x", false, HTTP, eps(0, 5), LABELS)), eps(0, 5),
                        List.of("create:5", "delete:x")),
                new Case("changed labels update in place",
                        List.of(new Existing("a", true, HTTP, eps(0, 5), Map.of("kubernetes.io/service-name", "web", "team", "x"))), eps(0, 5),
                        List.of("update:a:5")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reconciles(Case c) {
        Map<List<Port>, List<Ep>> desired = new LinkedHashMap<>();
        if (!c.desired().isEmpty()) desired.put(Slices.portKey(HTTP), c.desired());
        Plan plan = SliceReconciler.reconcile(c.existing(), desired, LABELS, 100);
        List<String> got = new ArrayList<>();
        plan.creates().forEach(d -> got.add("create:" + d.endpoints().size()));
        plan.updates().forEach(d -> got.add("update:" + d.name() + ":" + d.endpoints().size()));
        plan.deletes().forEach(n -> got.add("delete:" + n));
        assertThat(got).isEqualTo(c.want());
        // Every wanted endpoint is in exactly one slice of the result.
        if (!c.desired().isEmpty()) {
            List<String> all = new ArrayList<>();
            plan.creates().forEach(d -> d.endpoints().forEach(e -> all.add(e.key())));
            plan.updates().forEach(d -> d.endpoints().forEach(e -> all.add(e.key())));
            for (Existing e : c.existing()) {
                boolean written = plan.updates().stream().anyMatch(d -> d.name().equals(e.name())) || plan.deletes().contains(e.name());
                if (!written && e.owned()) e.endpoints().forEach(x -> all.add(x.key()));
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(c.desired().stream().map(Ep::key).toList());
        }
    }
}
