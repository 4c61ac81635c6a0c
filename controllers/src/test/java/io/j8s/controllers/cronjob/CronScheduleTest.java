package io.j8s.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    @ParameterizedTest(name = "{0} after {1} is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *        | 2025-01-01T00:00:30Z | 2025-01-01T00:01Z
            */15 * * * *     | 2025-01-01T00:15:00Z | 2025-01-01T00:30Z
            5 4 * * *        | 2025-01-01T04:05:00Z | 2025-01-02T04:05Z
            0 0 1 * *        | 2025-01-15T10:00:00Z | 2025-02-01T00:00Z
            0 0 * * 0        | 2025-01-01T00:00:00Z | 2025-01-05T00:00Z
            0 0 * * 7        | 2025-01-01T00:00:00Z | 2025-01-05T00:00Z
            0 9 * * MON-FRI  | 2025-01-03T09:00:00Z | 2025-01-06T09:00Z
            0 0 1,15 * MON   | 2025-01-02T00:00:00Z | 2025-01-06T00:00Z
            0 0 29 FEB *     | 2025-01-01T00:00:00Z | 2028-02-29T00:00Z
            30 2-4/2 * * *   | 2025-01-01T02:30:00Z | 2025-01-01T04:30Z
            @hourly          | 2025-01-01T00:00:00Z | 2025-01-01T01:00Z
            @daily           | 2025-01-01T00:00:00Z | 2025-01-02T00:00Z
            @weekly          | 2025-01-01T00:00:00Z | 2025-01-05T00:00Z
            @monthly         | 2025-01-01T00:00:00Z | 2025-02-01T00:00Z
            @yearly          | 2025-01-01T00:00:00Z | 2026-01-01T00:00Z
            """)
    void nextRun(String spec, String after, String expected) {
        ZonedDateTime t = ZonedDateTime.parse(after);
        assertThat(CronSchedule.parse(spec).next(t)).contains(ZonedDateTime.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            * * * *
            60 * * * *
            * * * 13 *
            */0 * * * *
            @every
            x * * * *
            """)
    void refusesBadSchedules(String spec) {
        assertThatThrownBy(() -> CronSchedule.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0 9 * * * | America/New_York | 2025-01-01T12:00:00Z | 2025-01-01T14:00Z
            0 9 * * * | Asia/Tokyo       | 2025-01-01T12:00:00Z | 2025-01-02T00:00Z
            """)
    void timeZones(String spec, String zone, String after, String expectedUtc) {
        var next = CronSchedule.parse(spec).next(ZonedDateTime.parse(after).withZoneSameInstant(ZoneId.of(zone))).orElseThrow();
        assertThat(next.toInstant()).isEqualTo(ZonedDateTime.parse(expectedUtc).toInstant());
    }
}
