package io.j8s.api.validation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The five-field cron syntax CronJobs take, as the robfig/cron v3 standard parser upstream uses
 * reads it (descriptors like {@code @hourly} and {@code @every 1h} included), with its error
 * messages. Only checks syntax: when a schedule fires is the CronJob controller's business.
 */
final class CronSchedule {

    private CronSchedule() {}

    private record Bounds(int min, int max, Map<String, Integer> names) {}

    private static final Bounds MINUTES = new Bounds(0, 59, Map.of());
    private static final Bounds HOURS = new Bounds(0, 23, Map.of());
    private static final Bounds DOM = new Bounds(1, 31, Map.of());
    private static final Bounds MONTHS = new Bounds(1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12)));
    private static final Bounds DOW = new Bounds(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6));
    private static final List<String> DESCRIPTORS = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final Pattern DURATION = Pattern.compile("[-+]?(([0-9]*(\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h))+|[-+]?0");

    /** The parse error upstream reports, or null when the schedule is valid. */
    static String error(String spec) {
        if (spec.isEmpty()) return "empty spec string";
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            int eq = spec.indexOf('=');
            if (space < 0) return "provided bad location " + spec.substring(eq + 1) + ": unknown time zone " + spec.substring(eq + 1);
            String zone = spec.substring(eq + 1, space);
            if (!TimeZones.known(zone)) return "provided bad location " + zone + ": unknown time zone " + zone;
            spec = spec.substring(space).trim();
        }
        if (spec.startsWith("@")) return descriptor(spec);
        String[] fields = spec.trim().split("\\s+");
        if (spec.isBlank()) fields = new String[0];
        if (fields.length != 5) {
            return "expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]";
        }
        Bounds[] bounds = {MINUTES, HOURS, DOM, MONTHS, DOW};
        for (int i = 0; i < 5; i++) {
            for (String expr : fields[i].split(",")) {
                if (expr.isEmpty()) continue;
                String err = range(expr, bounds[i]);
                if (err != null) return err;
            }
        }
        return null;
    }

    private static String descriptor(String spec) {
        if (DESCRIPTORS.contains(spec)) return null;
        if (spec.startsWith("@every ")) {
            String d = spec.substring("@every ".length());
            if (!DURATION.matcher(d).matches()) return "failed to parse duration " + spec + ": time: invalid duration " + Errs.goString(d);
            return null;
        }
        return "unrecognized descriptor: " + spec;
    }

    private static String range(String expr, Bounds r) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        long start;
        long end;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = r.min;
            end = r.max;
        } else {
            Object s = intOrName(lowAndHigh[0], r.names);
            if (s instanceof String err) return err;
            start = (Long) s;
            switch (lowAndHigh.length) {
                case 1 -> end = start;
                case 2 -> {
                    Object e = intOrName(lowAndHigh[1], r.names);
                    if (e instanceof String err) return err;
                    end = (Long) e;
                }
                default -> {
                    return "too many hyphens: " + expr;
                }
            }
        }
        long step;
        switch (rangeAndStep.length) {
            case 1 -> step = 1;
            case 2 -> {
                Object st = parseInt(rangeAndStep[1]);
                if (st instanceof String err) return err;
                step = (Long) st;
                // "N/step" means "N-max/step".
                if (single) end = r.max;
            }
            default -> {
                return "too many slashes: " + expr;
            }
        }
        if (start < r.min) return "beginning of range (" + start + ") below minimum (" + r.min + "): " + expr;
        if (end > r.max) return "end of range (" + end + ") above maximum (" + r.max + "): " + expr;
        if (start > end) return "beginning of range (" + start + ") beyond end of range (" + end + "): " + expr;
        if (step == 0) return "step of range should be a positive number: " + expr;
        return null;
    }

    private static Object intOrName(String expr, Map<String, Integer> names) {
        Integer named = names.get(expr.toLowerCase(Locale.ROOT));
        return named != null ? (Object) named.longValue() : parseInt(expr);
    }

    private static Object parseInt(String expr) {
        long n;
        try {
            n = Long.parseLong(expr.startsWith("+") ? expr.substring(1) : expr);
            if (expr.startsWith("+") && expr.length() > 1 && !Character.isDigit(expr.charAt(1))) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            boolean digits = !expr.isEmpty() && expr.chars().skip(expr.startsWith("-") || expr.startsWith("+") ? 1 : 0).allMatch(Character::isDigit)
                    && expr.length() > (expr.startsWith("-") || expr.startsWith("+") ? 1 : 0);
            String why = digits ? "value out of range" : "invalid syntax";
            return "failed to parse int from " + expr + ": strconv.Atoi: parsing " + Errs.goString(expr) + ": " + why;
        }
        if (n < 0) return "negative number (" + n + ") not allowed: " + expr;
        return n;
    }
}
