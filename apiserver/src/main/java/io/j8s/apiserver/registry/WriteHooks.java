package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceType;

/**
 * Upstream's {@code BeginCreate}, {@code BeginUpdate} and {@code AfterDelete} of a kind's REST
 * storage: work done outside the object's own key (the Service registry allocating cluster IPs
 * and node ports) that must be undone when the object's write does not happen.
 *
 * <p>The begin hooks run after defaulting and validation, just before the store write; they may
 * change the object (fill in what they allocated) or refuse it with a StatusException. The
 * {@link Pending} they return is finished exactly once: {@code committed} true once the object
 * is stored, false when the write failed or was abandoned (a conflict retry, a taken name).
 */
public interface WriteHooks {

    WriteHooks NONE = new WriteHooks() { };

    /** What a begin hook leaves to do once the write's outcome is known. */
    @FunctionalInterface
    interface Pending {
        Pending NONE = committed -> { };

        void finish(boolean committed);
    }

    default Pending beginCreate(ResourceType type, ObjectNode obj, boolean dryRun) {
        return Pending.NONE;
    }

    default Pending beginUpdate(ResourceType type, ObjectNode obj, ObjectNode old, boolean dryRun) {
        return Pending.NONE;
    }

    /** After an object is gone from the store, with its last state. */
    default void afterDelete(ResourceType type, ObjectNode last) { }
}
