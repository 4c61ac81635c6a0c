package io.j8s.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HumanDurationTest {

    record Case(Duration d, String want) {
        @Override
        public String toString() {
            return d + " -> " + want;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case(Duration.ZERO, "0s"),
                new Case(Duration.ofMillis(-1500), "0s"), // a little skew is "now"
                new Case(Duration.ofSeconds(-2), "<invalid>"),
                new Case(Duration.ofMillis(5999), "5s"),
                new Case(Duration.ofSeconds(119), "119s"),
                new Case(Duration.ofSeconds(120), "2m"),
                new Case(Duration.ofSeconds(192), "3m12s"),
                new Case(Duration.ofMinutes(10).plusSeconds(30), "10m"),
                new Case(Duration.ofMinutes(179), "179m"),
                new Case(Duration.ofHours(3), "3h"),
                new Case(Duration.ofHours(5).plusMinutes(3), "5h3m"),
                new Case(Duration.ofHours(8).plusMinutes(59), "8h"),
                new Case(Duration.ofHours(47), "47h"),
                new Case(Duration.ofHours(48), "2d"),
                new Case(Duration.ofHours(51), "2d3h"),
                new Case(Duration.ofDays(8), "8d"),
                new Case(Duration.ofDays(729), "729d"),
                new Case(Duration.ofDays(730), "2y"),
                new Case(Duration.ofDays(775), "2y45d"),
                new Case(Duration.ofDays(365 * 8), "8y"),
                new Case(Duration.ofDays(365 * 9 + 100), "9y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void formatsLikeApimachinery(Case c) {
        assertThat(HumanDuration.format(c.d())).isEqualTo(c.want());
    }
}
