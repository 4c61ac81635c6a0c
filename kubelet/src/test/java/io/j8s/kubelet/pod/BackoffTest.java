package io.j8s.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.kubelet.FakeTimers;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {

    final FakeTimers timers = new FakeTimers();
    final Backoff backoff = Backoff.crashLoop(timers.clock());

    @Test
    void noEntryNoBackoff() {
        assertThat(backoff.inBackoffSince("k", timers.clock().instant())).isFalse();
        assertThat(backoff.get("k")).isZero();
    }

    @Test
    void theWindowCountsFromTheExitAndDoublesToTheMax() {
        Instant exit = timers.clock().instant();
        backoff.next("k");
        assertThat(backoff.inBackoffSince("k", exit)).isTrue();
        assertThat(backoff.remaining("k", exit)).isEqualTo(Duration.ofSeconds(10));
        timers.advance(Duration.ofSeconds(9));
        assertThat(backoff.inBackoffSince("k", exit)).isTrue();
        timers.advance(Duration.ofSeconds(1));
        assertThat(backoff.inBackoffSince("k", exit)).isFalse();
        for (int i = 0; i < 10; i++) backoff.next("k");
        assertThat(backoff.get("k")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anEntryUntouchedForTwiceTheMaxStartsOver() {
        backoff.next("k");
        backoff.next("k");
        assertThat(backoff.get("k")).isEqualTo(Duration.ofSeconds(20));
        timers.advance(Duration.ofMinutes(11));
        assertThat(backoff.inBackoffSince("k", timers.clock().instant())).isFalse();
        backoff.next("k");
        assertThat(backoff.get("k")).isEqualTo(Duration.ofSeconds(10));
        timers.advance(Duration.ofMinutes(11));
        backoff.gc();
        assertThat(backoff.get("k")).isZero();
    }

    @Test
    void goDurationsAreWrittenAsGoWritesThem() {
        assertThat(GoDurations.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(GoDurations.format(Duration.ofSeconds(80))).isEqualTo("1m20s");
        assertThat(GoDurations.format(Duration.ofMinutes(5))).isEqualTo("5m0s");
        assertThat(GoDurations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    }
}
