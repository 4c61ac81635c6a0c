package io.j8s.scheduler.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plugins enabled and disabled at one extension point ({@code "*"} disables every default). */
public record PluginSet(List<PluginRef> enabled, List<String> disabled) {

    public static final PluginSet EMPTY = new PluginSet(List.of(), List.of());

    public PluginSet {
        enabled = List.copyOf(enabled);
        disabled = List.copyOf(disabled);
    }

    public boolean disables(String name) {
        return disabled.contains("*") || disabled.contains(name);
    }

    /**
     * Upstream's mergePluginSet: the defaults not disabled (an enabled entry of the same name
     * replaces a default in place), then the custom enabled ones that were not defaults.
     */
    public static PluginSet merge(PluginSet defaults, PluginSet custom) {
        Map<String, PluginRef> customEnabled = new LinkedHashMap<>();
        for (PluginRef p : custom.enabled()) customEnabled.put(p.name(), p);
        List<PluginRef> out = new ArrayList<>();
        for (PluginRef d : defaults.enabled()) {
            if (custom.disables(d.name())) continue;
            PluginRef replaced = customEnabled.remove(d.name());
            out.add(replaced != null ? replaced : d);
        }
        out.addAll(customEnabled.values());
        return new PluginSet(out, custom.disabled());
    }
}
