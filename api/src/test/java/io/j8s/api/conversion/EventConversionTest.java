package io.j8s.api.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import org.junit.jupiter.api.Test;

class EventConversionTest {

    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final String V1 = """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"p.1","namespace":"default"},
             "eventTime":"2026-11-23T01:00:00.000000Z","series":{"count":2,"lastObservedTime":"2026-11-23T01:00:01.000000Z"},
             "reportingController":"default-scheduler","reportingInstance":"default-scheduler-node-1","action":"Scheduling",
             "reason":"Scheduled","regarding":{"kind":"Pod","namespace":"default","name":"p","uid":"u1"},
             "related":{"kind":"Node","name":"node-1"},"note":"Successfully assigned default/p to node-1","type":"Normal",
             "deprecatedSource":{"component":"default-scheduler"},"deprecatedFirstTimestamp":"2026-11-23T01:00:00Z",
             "deprecatedLastTimestamp":"2026-11-23T01:00:01Z","deprecatedCount":2}""";

    @Test
    void eventsV1BecomesCoreWithUpstreamsFieldNames() {
        ObjectNode core = EventConversion.toCore(json(V1));
        assertThat(core.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(core.path("involvedObject").path("name").asText()).isEqualTo("p");
        assertThat(core.path("message").asText()).isEqualTo("Successfully assigned default/p to node-1");
        assertThat(core.path("reportingComponent").asText()).isEqualTo("default-scheduler");
        assertThat(core.path("reportingInstance").asText()).isEqualTo("default-scheduler-node-1");
        assertThat(core.path("source").path("component").asText()).isEqualTo("default-scheduler");
        assertThat(core.path("firstTimestamp").asText()).isEqualTo("2026-11-23T01:00:00Z");
        assertThat(core.path("lastTimestamp").asText()).isEqualTo("2026-11-23T01:00:01Z");
        assertThat(core.path("count").asInt()).isEqualTo(2);
        assertThat(core.path("series").path("count").asInt()).isEqualTo(2);
        assertThat(core.has("regarding") || core.has("note") || core.has("deprecatedCount")).isFalse();
    }

    @Test
    void theRoundTripLosesNothing() {
        ObjectNode v1 = json(V1);
        assertThat(EventConversion.fromCore(EventConversion.toCore(v1))).isEqualTo(v1);
        ObjectNode core = EventConversion.toCore(v1);
        assertThat(EventConversion.toCore(EventConversion.fromCore(core))).isEqualTo(core);
    }

    @Test
    void theInputIsNotChanged() {
        ObjectNode v1 = json(V1);
        EventConversion.toCore(v1);
        assertThat(v1).isEqualTo(json(V1));
    }
}
