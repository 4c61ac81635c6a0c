package io.j8s.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.controllers.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ControllerTest {

    final FakeClock clock = new FakeClock();
    final WorkQueue queue = new WorkQueue(clock, new RateLimiter.ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1)));

    @Test
    void aFailedSyncIsRetriedRateLimitedAndASuccessForgetsItsFailures() {
        List<String> synced = new ArrayList<>();
        int[] failuresLeft = {2};
        Controller c = new Controller("test", queue, key -> {
            synced.add(key);
            if (failuresLeft[0]-- > 0) throw new IllegalStateException("not yet");
        }, List.of());
        queue.add("ns/a");
        c.handle(queue.poll().orElseThrow());
        assertThat(queue.poll()).isEmpty();
        clock.advance(Duration.ofMillis(5));
        c.handle(queue.poll().orElseThrow());
        clock.advance(Duration.ofMillis(10));
        c.handle(queue.poll().orElseThrow());
        assertThat(synced).containsExactly("ns/a", "ns/a", "ns/a");
        assertThat(queue.numRequeues("ns/a")).isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void workersStartOnlyOnceTheCachesHaveSynced() throws Exception {
        AtomicBoolean synced = new AtomicBoolean();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(1);
        Controller c = new Controller("test", WorkQueue.withDefaultRateLimiter(java.time.Clock.systemUTC()), key -> {
            order.add("sync " + key);
            handled.countDown();
        }, List.of(synced::get)).beforeWorkers(() -> order.add("before"));
        c.queue().add("a");
        c.run(2);
        assertThat(handled.await(200, TimeUnit.MILLISECONDS)).as("no sync before the caches are synced").isFalse();
        synced.set(true);
        assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("before", "sync a");
        c.close();
        assertThat(c.queue().shuttingDown()).isTrue();
    }
}
