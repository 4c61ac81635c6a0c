package io.j8s.api.table;

import static io.j8s.api.table.Fields.at;
import static io.j8s.api.table.Fields.name;
import static io.j8s.api.table.Fields.num;
import static io.j8s.api.table.Fields.present;
import static io.j8s.api.table.Fields.str;
import static io.j8s.api.table.Fields.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Events of both APIs. Upstream serves events.k8s.io/v1 Events from the core Event storage, so
 * both print through {@code printEvent}; an events.k8s.io object is first read the way its
 * conversion to the internal Event reads it ({@code regarding} is {@code involvedObject},
 * {@code note} is {@code message}, the {@code deprecated*} fields are the old ones).
 */
final class EventPrinters {

    private EventPrinters() {}

    // Upstream's event table leads with the time, and puts the name last and wide.
    private static final List<Column> COLUMNS = List.of(
            Column.string("Last Seen", Docs.EVENT_LAST_TIMESTAMP),
            Column.string("Type", Docs.EVENT_TYPE),
            Column.string("Reason", Docs.EVENT_REASON),
            Column.string("Object", Docs.EVENT_INVOLVED_OBJECT),
            Column.wide("Subobject", Docs.OBJECT_REFERENCE_FIELD_PATH),
            Column.wide("Source", Docs.EVENT_SOURCE),
            Column.string("Message", Docs.EVENT_MESSAGE),
            Column.wide("First Seen", Docs.EVENT_FIRST_TIMESTAMP),
            Column.wide("Count", Docs.EVENT_COUNT),
            new Column("Name", "string", "name", Docs.OBJECT_META_NAME, 1));

    static Map<String, Printer> all() {
        return Map.of(
                "/Event", new Printer(COLUMNS, EventPrinters::coreEvent),
                "events.k8s.io/Event", new Printer(COLUMNS, (o, now) -> coreEvent(asCoreEvent(o), now)));
    }

    static Row coreEvent(JsonNode event, Instant now) {
        String firstSeen = present(event, "firstTimestamp")
                ? HumanDuration.since(time(event, "firstTimestamp"), now)
                : HumanDuration.since(time(event, "eventTime"), now);
        String lastSeen = present(event, "lastTimestamp") ? HumanDuration.since(time(event, "lastTimestamp"), now) : firstSeen;
        long count = num(event, "count");
        if (present(event, "series")) {
            lastSeen = HumanDuration.since(time(event, "series", "lastObservedTime"), now);
            count = num(event, "series", "count");
        } else if (count == 0) {
            count = 1; // singleton events of the new API have no count
        }
        String kind = str(event, "involvedObject", "kind").toLowerCase(Locale.ROOT);
        String involved = str(event, "involvedObject", "name");
        String target = involved.isEmpty() ? kind : kind + "/" + involved;
        return Row.of(lastSeen, str(event, "type"), str(event, "reason"), target, str(event, "involvedObject", "fieldPath"),
                source(event), str(event, "message").strip(), firstSeen, count, name(event));
    }

    /** upstream's {@code formatEventSource}: component, then host, falling back to the reporter. */
    private static String source(JsonNode event) {
        String component = firstNonEmpty(str(event, "source", "component"), str(event, "reportingComponent"));
        String instance = firstNonEmpty(str(event, "source", "host"), str(event, "reportingInstance"));
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    /** An events.k8s.io/v1 Event as core/v1 fields, as upstream's conversion maps them. */
    static JsonNode asCoreEvent(JsonNode e) {
        ObjectNode core = JsonNodeFactory.instance.objectNode();
        String[][] coreFromNew = {
            {"metadata", "metadata"}, {"involvedObject", "regarding"}, {"reason", "reason"}, {"message", "note"},
            {"source", "deprecatedSource"}, {"firstTimestamp", "deprecatedFirstTimestamp"},
            {"lastTimestamp", "deprecatedLastTimestamp"}, {"count", "deprecatedCount"}, {"type", "type"},
            {"eventTime", "eventTime"}, {"series", "series"}, {"reportingComponent", "reportingController"},
            {"reportingInstance", "reportingInstance"}};
        for (String[] field : coreFromNew) {
            if (present(e, field[1])) {
                core.set(field[0], at(e, field[1]));
            }
        }
        return core;
    }
}
