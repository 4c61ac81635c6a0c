package io.j8s.scheduler.framework;

import java.util.List;

/**
 * The cluster events that may make a pod this plugin rejected schedulable again. A pod waiting
 * in the unschedulable queue moves back only on an event one of its rejecting plugins lists.
 * A plugin that rejects pods but does not implement this is woken by every event.
 */
public interface EnqueueExtensions {
    List<ClusterEvent> eventsToRegister();
}
