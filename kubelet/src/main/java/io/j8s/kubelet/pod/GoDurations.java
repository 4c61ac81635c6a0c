package io.j8s.kubelet.pod;

import java.time.Duration;

/** Durations as Go's {@code time.Duration.String} writes them ("10s", "1m20s", "5m0s"), for upstream's messages. */
public final class GoDurations {

    private GoDurations() {}

    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        long h = d.toHours();
        long m = d.toMinutesPart();
        double s = d.toSecondsPart() + d.toMillisPart() / 1000.0;
        String secs = s == Math.floor(s) ? Long.toString((long) s) : Double.toString(s);
        if (h > 0) return h + "h" + m + "m" + secs + "s";
        if (m > 0) return m + "m" + secs + "s";
        return secs + "s";
    }
}
