package io.j8s.controllers.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.controllers.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailedPodsBackoffTest {

    final FakeClock clock = new FakeClock();
    final FailedPodsBackoff backoff = new FailedPodsBackoff(clock, Duration.ofSeconds(1), Duration.ofSeconds(4));

    @Test
    void doublesUpToTheMaxAndStartsAgainAfterQuiet() {
        assertThat(backoff.inBackoffSinceUpdate("k", clock.instant())).isFalse();
        backoff.next("k", clock.instant());
        assertThat(backoff.get("k")).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.inBackoffSinceUpdate("k", clock.instant())).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(backoff.inBackoffSinceUpdate("k", clock.instant())).isFalse();
        for (long want : new long[] {2, 4, 4}) {
            backoff.next("k", clock.instant());
            assertThat(backoff.get("k")).isEqualTo(Duration.ofSeconds(want));
        }
        clock.advance(Duration.ofSeconds(8));
        backoff.next("k", clock.instant());
        assertThat(backoff.get("k")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void gcForgetsQuietEntriesAtMostOnceAMinute() {
        backoff.next("k", clock.instant());
        backoff.gcIfDue();
        assertThat(backoff.size()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        backoff.gcIfDue();
        assertThat(backoff.size()).as("not due yet").isEqualTo(1);
        clock.advance(Duration.ofSeconds(31));
        backoff.gcIfDue();
        assertThat(backoff.size()).isZero();
    }
}
