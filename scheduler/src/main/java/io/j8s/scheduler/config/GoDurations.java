package io.j8s.scheduler.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration for the strings Kubernetes configuration uses: "15s", "1m30s", "500ms". */
public final class GoDurations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDurations() {}

    public static Duration parse(String s) {
        String t = s.trim();
        if (t.equals("0")) return Duration.ZERO;
        Matcher m = PART.matcher(t);
        long nanos = 0;
        int at = 0;
        while (m.find() && m.start() == at) {
            double v = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += Math.round(v * unit);
            at = m.end();
        }
        if (at == 0 || at != t.length()) throw new IllegalArgumentException("not a duration: \"" + s + "\" (say 15s, 1m30s, 500ms)");
        return Duration.ofNanos(nanos);
    }

    /** Go's String(): 15s, 1m30s, 500ms. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        StringBuilder b = new StringBuilder();
        long h = d.toHours(), m = d.toMinutesPart(), s = d.toSecondsPart(), frac = d.toMillisPart();
        if (h > 0) b.append(h).append('h');
        if (h > 0 || m > 0) b.append(m).append('m');
        b.append(s);
        if (frac > 0) b.append('.').append(String.format("%03d", frac).replaceAll("0+$", ""));
        return b.append('s').toString();
    }
}
