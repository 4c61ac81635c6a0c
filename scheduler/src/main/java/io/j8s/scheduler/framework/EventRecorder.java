package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Events about pods, as upstream's recorder: type Normal or Warning, a reason, an action, a note. */
public interface EventRecorder {

    String NORMAL = "Normal";
    String WARNING = "Warning";

    /** @param related a second pod the event is also about (the preemptor of a victim), or null */
    void event(Pod regarding, Pod related, String type, String reason, String action, String note);

    EventRecorder DISCARD = (regarding, related, type, reason, action, note) -> { };
}
