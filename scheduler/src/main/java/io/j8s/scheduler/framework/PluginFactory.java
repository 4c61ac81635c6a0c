package io.j8s.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;

/** Builds a plugin from its args (pluginConfig[].args; a missing node when none) and the framework handle. */
@FunctionalInterface
public interface PluginFactory {
    Plugin create(JsonNode args, Handle handle);
}
