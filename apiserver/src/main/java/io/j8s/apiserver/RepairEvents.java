package io.j8s.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import io.j8s.apiserver.registry.ResourceRest;
import io.j8s.apiserver.registry.Strategy;
import io.j8s.apiserver.service.Repair;
import java.time.Clock;

/** The Service allocation repair's findings as Warning Events on the Service, as upstream's repair controllers record them. */
final class RepairEvents implements Repair.Recorder {

    private final ResourceRest rest;
    private final ResourceType events;
    private final Clock clock;
    /** The last event's time, so two events of one instant get two names; the repair records from one thread. */
    private final java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong();

    RepairEvents(ResourceRest rest, ResourceRegistry registry, Clock clock) {
        this.rest = rest;
        this.events = registry.byPath("", "v1", "events").orElseThrow();
        this.clock = clock;
    }

    @Override
    public void warn(ObjectNode svc, String component, String reason, String action, String message) {
        ObjectNode meta = (ObjectNode) svc.path("metadata");
        String ns = meta.path("namespace").asText();
        String now = Strategy.timestamp(clock.instant());
        ObjectNode ev = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
        // Upstream's name: the object's, a dot, the time in nanoseconds in hex (one more for each event of the same instant).
        java.time.Instant t = clock.instant();
        long nanos = Math.max(t.getEpochSecond() * 1_000_000_000L + t.getNano(), last.get() + 1);
        last.set(nanos);
        ev.putObject("metadata").put("name", meta.path("name").asText() + "." + Long.toHexString(nanos)).put("namespace", ns);
        ev.putObject("involvedObject").put("apiVersion", "v1").put("kind", "Service").put("namespace", ns)
                .put("name", meta.path("name").asText()).put("uid", meta.path("uid").asText())
                .put("resourceVersion", meta.path("resourceVersion").asText());
        ev.put("reason", reason).put("message", message).put("type", "Warning").put("action", action)
                .put("reportingComponent", component).put("reportingInstance", component)
                .put("firstTimestamp", now).put("lastTimestamp", now).put("count", 1);
        ev.putObject("source").put("component", component);
        rest.ensure(events, ns, ev);
    }
}
