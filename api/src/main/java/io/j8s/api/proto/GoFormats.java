package io.j8s.api.proto;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text forms Go gives the apimachinery time types in JSON, so a decoded protobuf body reads
 * exactly as the same object sent as JSON would.
 */
final class GoFormats {

    /** {@code metav1.Time}: RFC 3339 in UTC, whole seconds (Go's {@code time.RFC3339}). */
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** {@code metav1.MicroTime}: RFC 3339 in UTC with exactly six fraction digits. */
    private static final DateTimeFormatter RFC3339_MICRO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private GoFormats() {}

    /** Go's Time proto keeps only the seconds (upstream drops nanos so JSON and proto agree). */
    static String time(long seconds) {
        return RFC3339.format(Instant.ofEpochSecond(seconds));
    }

    static String microTime(long seconds, int nanos) {
        return RFC3339_MICRO.format(Instant.ofEpochSecond(seconds, nanos));
    }

    /**
     * Go's {@code time.Duration.String()}: {@code 0s}, {@code 1.5s}, {@code 5m0s},
     * {@code 1h0m0s}, {@code 300ms}, {@code 2µs}, {@code 7ns}. Ported digit for digit, including
     * the treatment of {@code math.MinInt64} as an unsigned magnitude.
     */
    static String duration(long d) {
        if (d == 0) return "0s";
        boolean neg = d < 0;
        long u = neg ? -d : d; // for MIN_VALUE this stays 2^63, read unsigned below
        StringBuilder out = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            int prec;
            String unit;
            if (u < 1_000L) {
                prec = 0;
                unit = "ns";
            } else if (u < 1_000_000L) {
                prec = 3;
                unit = "µs";
            } else {
                prec = 6;
                unit = "ms";
            }
            long[] rest = {u};
            String frac = fraction(rest, prec);
            out.append(Long.toUnsignedString(rest[0])).append(frac).append(unit);
        } else {
            long[] rest = {u};
            String frac = fraction(rest, 9);
            long secs = rest[0];
            long s = Long.remainderUnsigned(secs, 60);
            long mins = Long.divideUnsigned(secs, 60);
            String tail = s + frac + "s";
            if (mins > 0) {
                long m = mins % 60;
                long h = mins / 60;
                tail = m + "m" + tail;
                if (h > 0) tail = h + "h" + tail;
            }
            out.append(tail);
        }
        return neg ? "-" + out : out.toString();
    }

    /**
     * Go's {@code fmtFrac}: the low {@code prec} decimal digits of {@code v[0]} as ".123" with
     * trailing zeros (and then the point) dropped; leaves the integer part in {@code v[0]}.
     */
    private static String fraction(long[] v, int prec) {
        char[] digits = new char[prec];
        boolean print = false;
        int w = prec;
        long x = v[0];
        for (int i = 0; i < prec; i++) {
            int digit = (int) Long.remainderUnsigned(x, 10);
            print = print || digit != 0;
            if (print) digits[--w] = (char) ('0' + digit);
            x = Long.divideUnsigned(x, 10);
        }
        v[0] = x;
        return print ? "." + new String(digits, w, prec - w) : "";
    }
}
