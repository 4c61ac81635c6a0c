package io.j8s.controllers.common;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** metav1.Time as the API writes it: RFC 3339 in whole seconds, UTC. */
public final class Times {

    private Times() {}

    public static Instant parse(String time) {
        if (time == null || time.isEmpty()) return null;
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static String format(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
    }
}
