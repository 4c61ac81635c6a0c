package io.j8s.controllers.cronjob;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A standard cron schedule as upstream parses it (robfig/cron's {@code ParseStandard}): five
 * fields (minute, hour, day of month, month, day of week) with {@code *}, {@code ?}, lists,
 * ranges, steps and month/day names, or a descriptor ({@code @yearly}, {@code @annually},
 * {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly}). When
 * both day fields are restricted a day matching either runs, as in cron and robfig.
 */
public record CronSchedule(BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek, boolean domStar,
        boolean dowStar) {

    private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    /** Parses {@code spec}; an {@link IllegalArgumentException} carries robfig's kind of message. */
    public static CronSchedule parse(String spec) {
        String s = spec.trim();
        if (s.startsWith("@")) {
            String expanded = DESCRIPTORS.get(s.toLowerCase());
            if (expanded == null) throw new IllegalArgumentException("unrecognized descriptor: " + s);
            s = expanded;
        }
        String[] f = s.split("\\s+");
        if (f.length != 5) throw new IllegalArgumentException("expected exactly 5 fields, found " + f.length + ": " + spec);
        return new CronSchedule(field(f[0], 0, 59, List.of(), 0), field(f[1], 0, 23, List.of(), 0), field(f[2], 1, 31, List.of(), 0),
                field(f[3], 1, 12, MONTHS, 1), field(f[4], 0, 7, DAYS, 0), isStar(f[2]), isStar(f[4]));
    }

    private static boolean isStar(String f) {
        return f.startsWith("*") || f.startsWith("?");
    }

    private static BitSet field(String field, int min, int max, List<String> names, int nameBase) {
        BitSet bits = new BitSet();
        for (String part : field.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), names, nameBase);
                if (step <= 0) throw new IllegalArgumentException("step of range should be a positive number: " + part);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                from = number(dash < 0 ? range : range.substring(0, dash), names, nameBase);
                to = dash < 0 ? (slash >= 0 ? max : from) : number(range.substring(dash + 1), names, nameBase);
            }
            if (from < min || to > max || from > to) {
                throw new IllegalArgumentException("value out of range (" + min + " to " + max + "): " + part);
            }
            for (int i = from; i <= to; i += step) bits.set(i);
        }
        // Sunday is 0 and 7.
        if (max == 7 && bits.get(7)) bits.set(0);
        return bits;
    }

    private static int number(String s, List<String> names, int base) {
        int i = names.indexOf(s.toLowerCase());
        if (i >= 0) return i + base;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + s + ": " + e.getMessage());
        }
    }

    /** The first time strictly after {@code t} that matches, in {@code t}'s zone; empty if none within five years. */
    public Optional<ZonedDateTime> next(ZonedDateTime t) {
        ZonedDateTime c = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = c.plusYears(5);
        while (c.isBefore(limit)) {
            if (!months.get(c.getMonthValue())) {
                c = c.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(c)) {
                c = c.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hours.get(c.getHour())) {
                c = c.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(c.getMinute())) {
                c = c.plusMinutes(1);
                continue;
            }
            return Optional.of(c);
        }
        return Optional.empty();
    }

    private boolean dayMatches(ZonedDateTime c) {
        boolean dom = daysOfMonth.get(c.getDayOfMonth());
        boolean dow = daysOfWeek.get(c.getDayOfWeek().getValue() % 7);
        if (domStar || dowStar) return dom && dow;
        return dom || dow;
    }

    /** {@code spec.timeZone}: an IANA name (java.time's tz database), the controller's zone when absent. */
    static ZoneId zone(String timeZone, ZoneId local) {
        return timeZone == null || timeZone.isEmpty() ? local : ZoneId.of(timeZone);
    }
}
