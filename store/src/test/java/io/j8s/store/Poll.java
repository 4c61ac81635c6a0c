package io.j8s.store;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition, not for time: checks it often, fails at a deadline that is only a safety net. */
final class Poll {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final long INTERVAL_NANOS = Duration.ofMillis(5).toNanos();

    private Poll() {}

    static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}, describing the state on failure. */
    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what + " " + state.get());
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }
}
