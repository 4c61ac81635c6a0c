package io.j8s.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QuantitiesTest {

    record Case(String quantity, long milli, long value) {}

    static Stream<Case> cases() {
        return Stream.of(new Case("100m", 100, 1), new Case("1", 1000, 1), new Case("1.5", 1500, 2), new Case("2Gi", 2147483648000L, 2147483648L),
                new Case("10Ti", 10995116277760000L, 10995116277760L), new Case("1k", 1_000_000, 1000), new Case("1e3", 1_000_000, 1000),
                new Case("500Mi", 524288000000L, 524288000L), new Case("0.1", 100, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parses(Case c) {
        assertThat(Quantities.milliValue(new Quantity(c.quantity()))).isEqualTo(c.milli());
        assertThat(Quantities.value(new Quantity(c.quantity()))).isEqualTo(c.value());
    }
}
