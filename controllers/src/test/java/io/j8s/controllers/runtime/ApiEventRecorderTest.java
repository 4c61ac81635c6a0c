package io.j8s.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.controllers.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiEventRecorderTest {

    @Test
    void anObjectGetsTwentyFiveEventsThenOneEveryFiveMinutesAsUpstreamsSpamFilter() {
        FakeClock clock = new FakeClock();
        try (ApiEventRecorder recorder = new ApiEventRecorder(null, "replicaset-controller", "", clock)) {
            for (int i = 0; i < 25; i++) assertThat(recorder.allowed("rs-a")).as("event %d", i + 1).isTrue();
            assertThat(recorder.allowed("rs-a")).isFalse();
            assertThat(recorder.allowed("rs-b")).as("another object has its own bucket").isTrue();
            clock.advance(Duration.ofSeconds(299));
            assertThat(recorder.allowed("rs-a")).isFalse();
            clock.advance(Duration.ofSeconds(1));
            assertThat(recorder.allowed("rs-a")).isTrue();
            assertThat(recorder.allowed("rs-a")).isFalse();
        }
    }
}
