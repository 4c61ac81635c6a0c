package io.j8s.apiserver.watch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionTest {
    private final AtomicBoolean left = new AtomicBoolean();

    private Subscription subscription(int backlog) {
        return new Subscription("/registry/configmaps/", null, backlog, s -> left.set(true));
    }

    private static WatchCache.Event event(long revision) {
        return new WatchCache.Event(WatchCache.Type.ADDED, "/registry/configmaps/default/c" + revision,
                JsonNodeFactory.instance.objectNode(), null, revision);
    }

    @Test
    void eventsComeOutInOrderAndAnEmptyFeedAnswersNullAfterTheWait() throws Exception {
        var sub = subscription(10);
        sub.offer(event(1));
        sub.offer(event(2));

        assertThat(sub.poll(Duration.ZERO).revision()).isEqualTo(1);
        assertThat(sub.poll(Duration.ofSeconds(5)).revision()).isEqualTo(2);
        assertThat(sub.poll(Duration.ZERO)).isNull();
        assertThat(sub.poll(Duration.ofMillis(20))).isNull();
    }

    @Test
    void anEventWakesAWaitingPoll() throws Exception {
        var sub = subscription(10);
        var polled = CompletableFuture.supplyAsync(() -> {
            try {
                return sub.poll(Duration.ofMinutes(1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50); // most likely parked by now; either way the event must come out
        sub.offer(event(7));

        assertThat(polled.get(10, TimeUnit.SECONDS).revision()).isEqualTo(7);
    }

    @Test
    void closingEndsAWaitingPollAndLeavesTheCache() throws Exception {
        var sub = subscription(10);
        var polled = CompletableFuture.runAsync(() -> {
            try {
                sub.poll(Duration.ofMinutes(1));
            } catch (Subscription.EndedException expected) {
                return;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("poll returned instead of ending");
        });
        Thread.sleep(50);
        sub.close();

        polled.get(10, TimeUnit.SECONDS);
        assertThat(left).isTrue();
    }

    @Test
    void aSubscriberThatFallsBehindItsBacklogIsEndedAfterWhatItHad() throws Exception {
        var sub = subscription(2);
        sub.offer(event(1));
        sub.offer(event(2));
        sub.offer(event(3)); // one too many: the feed ends
        sub.offer(event(4)); // after the end: dropped

        List<WatchCache.Event> batch = new ArrayList<>();
        sub.drainTo(batch, 10);
        assertThat(batch).extracting(WatchCache.Event::revision).containsExactly(1L, 2L);
        assertThatThrownBy(() -> sub.poll(Duration.ZERO)).isInstanceOf(Subscription.EndedException.class);
    }
}
