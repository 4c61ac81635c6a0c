package io.j8s.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * client-go's {@code record.EventRecorder}: a controller says what it did or could not do about
 * an object, with upstream's reasons; {@code kubectl describe} shows it.
 */
public interface EventRecorder {

    String NORMAL = "Normal";
    String WARNING = "Warning";

    void event(HasMetadata object, String type, String reason, String message);

    default void eventf(HasMetadata object, String type, String reason, String format, Object... args) {
        event(object, type, reason, String.format(format, args));
    }

    /** Records nothing (for controllers run where events are not wanted). */
    EventRecorder NONE = (object, type, reason, message) -> { };
}
