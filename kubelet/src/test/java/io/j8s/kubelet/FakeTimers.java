package io.j8s.kubelet;

import io.j8s.kubelet.util.Timers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Time that moves only when a test says: {@link #advance} runs what became due, in order, on the caller's thread. */
public final class FakeTimers implements Timers {

    private final class Task implements Cancellable {
        final Instant at;
        final Runnable run;
        final long seq;
        boolean cancelled;

        Task(Instant at, Runnable run, long seq) {
            this.at = at;
            this.run = run;
            this.seq = seq;
        }

        @Override
        public void cancel() {
            synchronized (FakeTimers.this) {
                cancelled = true;
            }
        }
    }

    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private long seq;
    private final List<Task> tasks = new ArrayList<>();

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            synchronized (FakeTimers.this) {
                return now;
            }
        }
    };

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay), task, seq++);
        tasks.add(t);
        return t;
    }

    /** Moves time forward by {@code d}, running every task due on the way at its own time. */
    public void advance(Duration d) {
        Instant end;
        synchronized (this) {
            end = now.plus(d);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.cancelled && !t.at.isAfter(end))
                        .min(Comparator.comparing((Task t) -> t.at).thenComparingLong(t -> t.seq)).orElse(null);
                if (next == null) {
                    now = end;
                    tasks.removeIf(t -> t.cancelled);
                    return;
                }
                tasks.remove(next);
                if (next.at.isAfter(now)) now = next.at;
            }
            next.run.run();
        }
    }

    /** When the earliest pending task is due, from now (null when none). */
    public synchronized Duration nextDue() {
        return tasks.stream().filter(t -> !t.cancelled).map(t -> Duration.between(now, t.at)).min(Comparator.naturalOrder()).orElse(null);
    }
}
