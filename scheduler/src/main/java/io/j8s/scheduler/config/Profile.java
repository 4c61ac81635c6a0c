package io.j8s.scheduler.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One scheduling profile: pods whose spec.schedulerName is {@code schedulerName} are scheduled
 * with these plugins (already merged over the defaults) and these plugin args.
 *
 * @param percentageOfNodesToScore this profile's own, or null for the configuration's
 */
public record Profile(String schedulerName, Integer percentageOfNodesToScore, Plugins plugins, Map<String, JsonNode> pluginConfig) {

    public Profile {
        if (schedulerName == null || schedulerName.isEmpty()) throw new IllegalArgumentException("profiles[].schedulerName is required");
        if (percentageOfNodesToScore != null && (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100)) {
            throw new IllegalArgumentException("percentageOfNodesToScore of profile " + schedulerName + " must be in [0, 100], not " + percentageOfNodesToScore);
        }
        pluginConfig = Map.copyOf(pluginConfig);
    }

    public static Profile defaults(String schedulerName) {
        return new Profile(schedulerName, null, Plugins.defaults(), Map.of());
    }

    /** The args of a plugin, or a missing node. */
    public JsonNode args(String plugin) {
        JsonNode a = pluginConfig.get(plugin);
        return a != null ? a : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
