package io.j8s.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.controllers.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    final FakeClock clock = new FakeClock();
    final WorkQueue queue = new WorkQueue(clock, new RateLimiter.ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1)));

    private List<String> drain() {
        List<String> got = new ArrayList<>();
        for (Optional<String> k; (k = queue.poll()).isPresent(); ) {
            got.add(k.get());
            queue.done(k.get());
        }
        return got;
    }

    @Test
    void aKeyAddedTwiceIsProcessedOnceInOrder() {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(queue.len()).isEqualTo(2);
        assertThat(drain()).containsExactly("a", "b");
    }

    @Test
    void aKeyAddedWhileProcessingIsQueuedAgainWhenDoneNotBefore() {
        queue.add("a");
        String taken = queue.poll().orElseThrow();
        queue.add("a");
        assertThat(queue.poll()).as("never two workers on one key").isEmpty();
        queue.done(taken);
        assertThat(drain()).containsExactly("a");
    }

    @Test
    void addAfterWaitsForTheClockAndTheEarlierTimeWins() {
        queue.addAfter("a", Duration.ofSeconds(10));
        queue.addAfter("a", Duration.ofSeconds(2));
        queue.addAfter("a", Duration.ofSeconds(5));
        assertThat(queue.poll()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(drain()).containsExactly("a");
        clock.advance(Duration.ofSeconds(10));
        assertThat(drain()).as("the later times were dropped").isEmpty();
    }

    @Test
    void addRateLimitedBacksOffUntilForgotten() {
        queue.addRateLimited("a");
        assertThat(queue.poll()).isEmpty();
        clock.advance(Duration.ofMillis(5));
        assertThat(drain()).containsExactly("a");
        queue.addRateLimited("a");
        clock.advance(Duration.ofMillis(5));
        assertThat(queue.poll()).as("second failure waits 10 ms").isEmpty();
        clock.advance(Duration.ofMillis(5));
        assertThat(drain()).containsExactly("a");
        assertThat(queue.numRequeues("a")).isEqualTo(2);
        queue.forget("a");
        assertThat(queue.numRequeues("a")).isZero();
    }

    @Test
    void getBlocksUntilAKeyArrivesAndEndsEmptyAfterShutDown() throws Exception {
        CompletableFuture<Optional<String>> got = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.get();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.add("a");
        assertThat(got.get(10, TimeUnit.SECONDS)).contains("a");
        queue.done("a");
        queue.add("b");
        queue.shutDown();
        queue.add("c");
        assertThat(queue.get()).as("what was queued drains").contains("b");
        queue.done("b");
        assertThat(queue.get()).isEmpty();
    }
}
