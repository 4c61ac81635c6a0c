package io.j8s.api.validation;

import java.time.ZoneId;
import java.util.Set;

/** The IANA time zone names Go's {@code time.LoadLocation} knows, as far as the JDK's tz data goes. */
final class TimeZones {

    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private TimeZones() {}

    static boolean known(String zone) {
        return zone.equals("UTC") || zone.equals("Local") || ZONES.contains(zone);
    }
}
