package io.j8s.scheduler.config;

/** A plugin named in a plugin set; {@code weight} counts for Score only (0: unset). */
public record PluginRef(String name, int weight) {
    public PluginRef {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("a plugin needs a name");
        if (weight < 0) throw new IllegalArgumentException("weight of plugin " + name + " must not be negative, not " + weight);
    }

    public static PluginRef of(String name) {
        return new PluginRef(name, 0);
    }
}
