package io.j8s.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QuantityTest {

    record Case(String in, String canonical) {}

    /** Canonical forms as upstream's resource.Quantity writes them back. */
    static Stream<Case> canonical() {
        return Stream.of(new Case("0", "0"), new Case("0.5", "500m"), new Case("1000m", "1"), new Case("1500m", "1500m"),
                new Case("2000", "2k"), new Case("1500", "1500"), new Case("1024Mi", "1Gi"), new Case("1536Mi", "1536Mi"),
                new Case("1.5Gi", "1536Mi"), new Case("512", "512"), new Case("1Ki", "1Ki"), new Case("0.5Ki", "512"),
                new Case("100m", "100m"), new Case("1e3", "1e3"), new Case("1.5e3", "1500"), new Case("12e6", "12e6"),
                new Case("128974848", "128974848"), new Case("129e6", "129e6"), new Case("123Mi", "123Mi"),
                new Case("1n", "1n"), new Case("0.0000000001", "1n"), new Case("+5", "5"), new Case("-1", "-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("canonical")
    void writesTheCanonicalForm(Case c) {
        assertThat(Quantity.parse(c.in())).hasToString(c.canonical());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("canonical")
    void canonicalFormsReadBackToTheSameValue(Case c) {
        assertThat(Quantity.parse(Quantity.parse(c.in()).toString())).isEqualTo(Quantity.parse(c.in()));
    }

    record Bad(String in, String message) {}

    static Stream<Bad> bad() {
        return Stream.of(new Bad("abc", Quantity.FORMAT_ERROR), new Bad("1Gm", Quantity.SUFFIX_ERROR),
                new Bad("1..2", Quantity.FORMAT_ERROR), new Bad("1 Gi", Quantity.FORMAT_ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void refusesWhatIsNotAQuantity(Bad c) {
        assertThatThrownBy(() -> Quantity.parse(c.in())).isInstanceOf(IllegalArgumentException.class).hasMessage(c.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("canonical")
    void comparesByValue(Case c) {
        assertThat(Quantity.parse("1Gi")).isEqualTo(Quantity.parse("1024Mi")).isEqualByComparingTo(Quantity.parse("1073741824"));
        assertThat(Quantity.parse("100m").compareTo(Quantity.parse("0.2"))).isNegative();
        assertThat(Quantity.parse("0.0001").roundUpToMilli()).hasToString("1m");
    }
}
