package io.j8s.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.controllers.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    record Case(String name, Duration base, Duration max, int failures, List<Duration> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> exponential() {
        return Stream.of(
                new Case("doubles from the base", Duration.ofMillis(5), Duration.ofSeconds(1000), 4,
                        List.of(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40))),
                new Case("stops at the max", Duration.ofSeconds(10), Duration.ofSeconds(30), 4,
                        List.of(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30))),
                new Case("a thousand failures do not overflow", Duration.ofMillis(5), Duration.ofSeconds(1000), 1000,
                        null));
    }

    @ParameterizedTest
    @MethodSource("exponential")
    void itemExponentialFailure(Case c) {
        var limiter = new RateLimiter.ItemExponentialFailure(c.base(), c.max());
        List<Duration> got = new ArrayList<>();
        for (int i = 0; i < c.failures(); i++) got.add(limiter.when("k"));
        if (c.want() != null) assertThat(got).isEqualTo(c.want());
        assertThat(got).allSatisfy(d -> assertThat(d).isBetween(c.base(), c.max()));
        assertThat(limiter.numRequeues("k")).isEqualTo(c.failures());
        assertThat(limiter.when("other")).isEqualTo(c.base());
        limiter.forget("k");
        assertThat(limiter.numRequeues("k")).isZero();
        assertThat(limiter.when("k")).isEqualTo(c.base());
    }

    @Test
    void bucketLetsABurstThroughThenPacesAtQps() {
        var clock = new FakeClock();
        var bucket = new RateLimiter.Bucket(10, 3, clock);
        assertThat(List.of(bucket.when("a"), bucket.when("b"), bucket.when("c"))).containsOnly(Duration.ZERO);
        assertThat(bucket.when("d")).isEqualTo(Duration.ofMillis(100));
        assertThat(bucket.when("e")).isEqualTo(Duration.ofMillis(200));
        clock.advance(Duration.ofSeconds(10));
        assertThat(bucket.when("f")).isEqualTo(Duration.ZERO);
    }

    @Test
    void defaultControllerRateLimiterTakesTheLongerWait() {
        var clock = new FakeClock();
        RateLimiter limiter = RateLimiter.defaultControllerRateLimiter(clock);
        assertThat(limiter.when("k")).isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.when("k")).isEqualTo(Duration.ofMillis(10));
        assertThat(limiter.numRequeues("k")).isEqualTo(2);
        for (int i = 0; i < 200; i++) limiter.when("item-" + i);
        // The bucket is empty now: a fresh item waits for a token, not just its 5 ms.
        assertThat(limiter.when("fresh")).isGreaterThan(Duration.ofSeconds(1));
    }
}
