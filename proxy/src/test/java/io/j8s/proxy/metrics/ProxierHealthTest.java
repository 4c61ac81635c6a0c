package io.j8s.proxy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream's healthz rule: healthy once synced, unless a queued change waits longer than the timeout. */
class ProxierHealthTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Steps: "sync", "queue", or a number of seconds to let pass. */
    record Case(String name, String[] steps, boolean healthy) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("never synced", new String[] {}, false),
                new Case("synced", new String[] {"sync"}, true),
                new Case("synced long ago, nothing queued", new String[] {"sync", "3600"}, true),
                new Case("a change queued within the timeout", new String[] {"sync", "queue", "59"}, true),
                new Case("a change queued longer than the timeout", new String[] {"sync", "queue", "61"}, false),
                new Case("the late change then synced", new String[] {"sync", "queue", "61", "sync"}, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void healthzSaysWhatUpstreamSays(Case c) {
        MutableClock clock = new MutableClock();
        ProxierHealth h = new ProxierHealth(clock, Duration.ofSeconds(60));
        for (String step : c.steps()) {
            switch (step) {
                case "sync" -> h.updated();
                case "queue" -> h.queued();
                default -> clock.now = clock.now.plusSeconds(Long.parseLong(step));
            }
        }
        assertEquals(c.healthy(), h.healthy());
    }
}
