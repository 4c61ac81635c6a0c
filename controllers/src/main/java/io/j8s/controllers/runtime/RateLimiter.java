package io.j8s.controllers.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long an item waits before it is retried: client-go's {@code workqueue.RateLimiter}.
 * {@link #when} is asked once per failure; {@link #forget} is told when the item succeeded.
 */
public interface RateLimiter {

    Duration when(String item);

    void forget(String item);

    int numRequeues(String item);

    /**
     * Upstream's {@code DefaultControllerRateLimiter}: per item 5 ms doubling to 1000 s, and for
     * the whole queue a token bucket of 10 qps with a burst of 100, whichever waits longer.
     */
    static RateLimiter defaultControllerRateLimiter(Clock clock) {
        return new MaxOf(List.of(new ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new Bucket(10, 100, clock)));
    }

    /** base·2^failures, capped at max; client-go's {@code ItemExponentialFailureRateLimiter}. */
    final class ItemExponentialFailure implements RateLimiter {
        private final Duration base;
        private final Duration max;
        private final Map<String, Integer> failures = new ConcurrentHashMap<>();

        public ItemExponentialFailure(Duration base, Duration max) {
            if (base.isNegative() || max.compareTo(base) < 0) throw new IllegalArgumentException("need 0 <= base <= max");
            this.base = base;
            this.max = max;
        }

        @Override
        public Duration when(String item) {
            int exp = failures.merge(item, 1, Integer::sum) - 1;
            if (exp >= 62) return max;
            // Doubling in nanos overflows long well before 2^62; stop at max first.
            Duration d = base;
            for (int i = 0; i < exp && d.compareTo(max) < 0; i++) d = d.multipliedBy(2);
            return d.compareTo(max) > 0 ? max : d;
        }

        @Override
        public void forget(String item) {
            failures.remove(item);
        }

        @Override
        public int numRequeues(String item) {
            return failures.getOrDefault(item, 0);
        }
    }

    /**
     * A token bucket over the whole queue (golang.org/x/time/rate's reservation): each
     * {@link #when} takes a token, waiting for it if the bucket is empty.
     */
    final class Bucket implements RateLimiter {
        private final double qps;
        private final int burst;
        private final Clock clock;
        private double tokens;
        private Instant last;

        public Bucket(double qps, int burst, Clock clock) {
            if (qps <= 0 || burst < 1) throw new IllegalArgumentException("need qps > 0 and burst >= 1");
            this.qps = qps;
            this.burst = burst;
            this.clock = clock;
            this.tokens = burst;
            this.last = clock.instant();
        }

        @Override
        public synchronized Duration when(String item) {
            Instant now = clock.instant();
            if (now.isAfter(last)) {
                tokens = Math.min(burst, tokens + Duration.between(last, now).toNanos() / 1e9 * qps);
                last = now;
            }
            tokens -= 1;
            if (tokens >= 0) return Duration.ZERO;
            return Duration.ofNanos((long) Math.ceil(-tokens / qps * 1e9));
        }

        @Override
        public void forget(String item) {}

        @Override
        public int numRequeues(String item) {
            return 0;
        }
    }

    /** The longest wait of several limiters; client-go's {@code MaxOfRateLimiter}. */
    final class MaxOf implements RateLimiter {
        private final List<RateLimiter> limiters;

        public MaxOf(List<RateLimiter> limiters) {
            this.limiters = List.copyOf(limiters);
        }

        @Override
        public Duration when(String item) {
            Duration longest = Duration.ZERO;
            for (RateLimiter l : limiters) {
                Duration d = l.when(item);
                if (d.compareTo(longest) > 0) longest = d;
            }
            return longest;
        }

        @Override
        public void forget(String item) {
            limiters.forEach(l -> l.forget(item));
        }

        @Override
        public int numRequeues(String item) {
            int most = 0;
            for (RateLimiter l : limiters) most = Math.max(most, l.numRequeues(item));
            return most;
        }
    }
}
