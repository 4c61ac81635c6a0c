package io.j8s.apiserver.auth;

import java.util.Objects;

/**
 * An authorizer's answer, as upstream's: allow, deny, or no opinion (the next authorizer in a
 * chain decides; at the end of the chain it means deny).
 */
public sealed interface Decision {

    /** Why, for the audit log and for a 403's message. */
    String reason();

    record Allow(String reason) implements Decision {
        public Allow {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record Deny(String reason) implements Decision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record NoOpinion(String reason) implements Decision {
        public NoOpinion {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Decision allow(String reason) {
        return new Allow(reason);
    }

    static Decision deny(String reason) {
        return new Deny(reason);
    }

    static Decision noOpinion() {
        return new NoOpinion("");
    }

    default boolean allowed() {
        return this instanceof Allow;
    }
}
