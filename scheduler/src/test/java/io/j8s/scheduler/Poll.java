package io.j8s.scheduler;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline: a safety net, never a timing assertion. */
final class Poll {
    private Poll() {}

    static void until(BooleanSupplier condition) {
        until(condition, Duration.ofSeconds(30), () -> "");
    }

    static void until(BooleanSupplier condition, Supplier<String> whatWasSeen) {
        until(condition, Duration.ofSeconds(30), whatWasSeen);
    }

    static void until(BooleanSupplier condition, Duration limit, Supplier<String> whatWasSeen) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + limit + "; " + whatWasSeen.get());
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
