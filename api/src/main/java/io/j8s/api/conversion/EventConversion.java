package io.j8s.api.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * events.k8s.io/v1 Event to and from core/v1 Event. Upstream stores both as one resource and
 * converts each request; the two versions carry the same information under different names,
 * so the conversion is a renaming of fields in both directions and loses nothing.
 */
public final class EventConversion {

    /** events.k8s.io/v1 name → core/v1 name; every other field has the same name in both. */
    private static final List<String[]> RENAMES = List.of(
            new String[] {"regarding", "involvedObject"},
            new String[] {"note", "message"},
            new String[] {"reportingController", "reportingComponent"},
            new String[] {"deprecatedSource", "source"},
            new String[] {"deprecatedFirstTimestamp", "firstTimestamp"},
            new String[] {"deprecatedLastTimestamp", "lastTimestamp"},
            new String[] {"deprecatedCount", "count"});

    private EventConversion() {}

    /** A core/v1 Event holding what the events.k8s.io/v1 {@code event} says; {@code event} is not changed. */
    public static ObjectNode toCore(ObjectNode event) {
        ObjectNode core = event.deepCopy();
        for (String[] r : RENAMES) rename(core, r[0], r[1]);
        retype(core, "v1");
        return core;
    }

    /** An events.k8s.io/v1 Event holding what the core/v1 {@code event} says; {@code event} is not changed. */
    public static ObjectNode fromCore(ObjectNode event) {
        ObjectNode v1 = event.deepCopy();
        for (String[] r : RENAMES) rename(v1, r[1], r[0]);
        retype(v1, "events.k8s.io/v1");
        return v1;
    }

    private static void rename(ObjectNode o, String from, String to) {
        JsonNode value = o.remove(from);
        if (value != null) o.set(to, value);
    }

    /** Keeps apiVersion where it was (or absent, as in storage), naming the other version. */
    private static void retype(ObjectNode o, String apiVersion) {
        if (o.has("apiVersion")) o.put("apiVersion", apiVersion);
    }
}
