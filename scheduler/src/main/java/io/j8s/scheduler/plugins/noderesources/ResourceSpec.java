package io.j8s.scheduler.plugins.noderesources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A resource a scorer looks at, and its weight (upstream's config.ResourceSpec). */
record ResourceSpec(String name, long weight) {

    static final List<ResourceSpec> DEFAULT = List.of(new ResourceSpec("cpu", 1), new ResourceSpec("memory", 1));

    ResourceSpec {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("resources[].name is required");
        if (weight < 1 || weight > 100) throw new IllegalArgumentException("resource " + name + " weight must be in [1, 100], not " + weight);
    }

    static List<ResourceSpec> parse(JsonNode n, List<ResourceSpec> defaults) {
        if (!n.isArray() || n.isEmpty()) return defaults;
        List<ResourceSpec> out = new ArrayList<>();
        for (JsonNode r : n) out.add(new ResourceSpec(r.path("name").asText(""), r.path("weight").asLong(1)));
        return List.copyOf(out);
    }
}
