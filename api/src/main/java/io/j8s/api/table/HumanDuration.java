package io.j8s.api.table;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * apimachinery's {@code duration.HumanDuration}: two or three significant figures, so a table
 * stays narrow ({@code 5s}, {@code 3m12s}, {@code 15m}, {@code 5h3m}, {@code 20h},
 * {@code 2d3h}, {@code 30d}, {@code 2y45d}, {@code 9y}).
 */
final class HumanDuration {

    private HumanDuration() {}

    static String format(Duration d) {
        // Go truncates toward zero; up to two seconds in the future counts as now, for clock skew.
        long seconds = d.toMillis() / 1000;
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = d.toMinutes();
        if (minutes < 10) {
            long s = d.toSeconds() % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = hours / 24 % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** upstream's {@code translateTimestampSince}: {@code <unknown>} for the zero time. */
    static String since(Optional<Instant> time, Instant now) {
        return time.map(t -> format(Duration.between(t, now))).orElse("<unknown>");
    }
}
