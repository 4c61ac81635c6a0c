package io.j8s.apiserver;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline: a safety net, never a timing assertion. */
public final class Poll {
    private Poll() {}

    public static void until(BooleanSupplier condition) throws InterruptedException {
        until(condition, Duration.ofSeconds(20));
    }

    public static void until(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + limit);
            Thread.sleep(20);
        }
    }
}
