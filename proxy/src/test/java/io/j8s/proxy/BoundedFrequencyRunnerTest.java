package io.j8s.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedFrequencyRunnerTest {

    @Test
    void runsOnceAtStartThenOnRequest() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(2);
        try (var r = new BoundedFrequencyRunner("t", () -> {
            first.countDown();
            second.countDown();
            return true;
        }, Duration.ofMillis(1), Duration.ofHours(1), Duration.ofHours(1)).start()) {
            assertTrue(first.await(10, TimeUnit.SECONDS));
            r.run();
            assertTrue(second.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void requestsWithinTheMinimumIntervalCoalesceIntoOneRun() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        // A minimum interval far longer than the test: after the first run, no request can run before close.
        try (var r = new BoundedFrequencyRunner("t", () -> {
            runs.incrementAndGet();
            first.countDown();
            return true;
        }, Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(1)).start()) {
            assertTrue(first.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 100; i++) r.run();
        }
        assertEquals(1, runs.get());
    }

    @Test
    void aFailedRunIsRetriedWithoutARequest() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch retried = new CountDownLatch(2);
        try (var r = new BoundedFrequencyRunner("t", () -> {
            retried.countDown();
            return runs.incrementAndGet() > 1;
        }, Duration.ofMillis(1), Duration.ofHours(1), Duration.ofMillis(10)).start()) {
            assertTrue(retried.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theMaximumIntervalRunsPeriodically() throws InterruptedException {
        CountDownLatch three = new CountDownLatch(3);
        try (var r = new BoundedFrequencyRunner("t", () -> {
            three.countDown();
            return true;
        }, Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofHours(1)).start()) {
            assertTrue(three.await(10, TimeUnit.SECONDS));
        }
    }
}
