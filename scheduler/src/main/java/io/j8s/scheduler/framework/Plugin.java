package io.j8s.scheduler.framework;

/** Every plugin has a name, its registry key and what configuration calls it. */
public interface Plugin {
    String name();
}
