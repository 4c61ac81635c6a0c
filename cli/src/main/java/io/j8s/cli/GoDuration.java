package io.j8s.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations the way upstream's flags take them: {@code 40s}, {@code 5m}, {@code 1h30m}, {@code 250ms}. */
final class GoDuration implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        if (value.equals("0")) return Duration.ZERO;
        Matcher m = PART.matcher(value);
        long nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) throw new CommandLine.TypeConversionException("invalid duration \"" + value + "\"");
            double n = Double.parseDouble(m.group(1));
            double unit = switch (m.group(2)) {
                case "h" -> 3600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            nanos += (long) (n * unit);
            end = m.end();
        }
        if (end != value.length() || end == 0) throw new CommandLine.TypeConversionException("invalid duration \"" + value + "\"");
        return Duration.ofNanos(nanos);
    }
}
