package io.j8s.scheduler.plugins.queuesort;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.scheduler.framework.Handle;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.Pods;
import io.j8s.scheduler.framework.QueueSortPlugin;
import io.j8s.scheduler.framework.QueuedPodInfo;

/** Higher priority first; among equals, the one queued earlier. */
public final class PrioritySort implements QueueSortPlugin {

    public static final String NAME = "PrioritySort";

    public static Plugin factory(JsonNode args, Handle handle) {
        return new PrioritySort();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean less(QueuedPodInfo a, QueuedPodInfo b) {
        int pa = Pods.priority(a.pod());
        int pb = Pods.priority(b.pod());
        return pa > pb || (pa == pb && a.timestamp().isBefore(b.timestamp()));
    }
}
