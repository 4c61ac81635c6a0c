package io.j8s.scheduler.plugins.defaultbinder;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.BindPlugin;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.Status;

/** Binds through the pods/binding subresource. */
public final class DefaultBinder implements BindPlugin {

    public static final String NAME = "DefaultBinder";
    private final Handle handle;

    DefaultBinder(Handle handle) {
        this.handle = handle;
    }

    public static Plugin factory(JsonNode args, Handle handle) {
        return new DefaultBinder(handle);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status bind(CycleState state, Pod pod, String nodeName) {
        return handle.podActions().bind(pod, nodeName);
    }
}
