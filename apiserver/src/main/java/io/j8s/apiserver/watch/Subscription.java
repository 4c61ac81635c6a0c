package io.j8s.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One watch's feed from the cache. The cache offers without ever waiting; a subscriber
 * that falls more than {@code backlog} events behind is ended, and its client re-watches from
 * the last resourceVersion it saw (upstream's cacher does the same to slow watchers).
 *
 * <p>Any thread may add (the cache's dispatch, {@link #close}); only the watch's own thread takes.
 * The queue is lock-free and that thread parks by itself: with a thousand watchers every event
 * wakes a thousand threads, and a blocking queue's lock and condition cost each wake-up more
 * than the wake-up itself.
 */
public final class Subscription implements AutoCloseable {

    private static final WatchCache.Event END = new WatchCache.Event(null, null, null, null, -1);

    private final String prefix;
    private final Predicate<ObjectNode> interest;
    private final int backlog;
    private final Consumer<Subscription> onClose;
    private final ConcurrentLinkedQueue<WatchCache.Event> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile Thread waiter;
    private volatile boolean ended;

    Subscription(String prefix, Predicate<ObjectNode> interest, int backlog, Consumer<Subscription> onClose) {
        this.prefix = prefix;
        this.interest = interest;
        this.backlog = backlog;
        this.onClose = onClose;
    }

    String prefix() {
        return prefix;
    }

    /**
     * Whether a change concerns this watch: its object, before or after, passes the watch's
     * selectors. The watch still decides how it sees the change (ADDED, MODIFIED or DELETED);
     * this only spares a watcher that cannot care from being woken, as upstream's cacher spares
     * kubelets the other nodes' pods. A selector that fails lets the change through.
     */
    boolean wants(WatchCache.Event e) {
        if (interest == null) return true;
        try {
            return interest.test(e.object()) || (e.previous() != null && interest.test(e.previous()));
        } catch (RuntimeException failed) {
            return true;
        }
    }

    void offer(WatchCache.Event e) {
        if (ended) return;
        if (size.get() >= backlog) {
            end();
            return;
        }
        add(e);
    }

    void end() {
        if (!ended) {
            ended = true;
            add(END);
        }
    }

    private void add(WatchCache.Event e) {
        queue.add(e);
        size.incrementAndGet();
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
    }

    private WatchCache.Event take() {
        WatchCache.Event e = queue.poll();
        if (e != null) size.decrementAndGet();
        return e;
    }

    /**
     * The next event, null if none came within {@code wait}.
     *
     * @throws EndedException once the feed has ended
     */
    public WatchCache.Event poll(Duration wait) throws InterruptedException, EndedException {
        WatchCache.Event e = take();
        if (e == null && wait.isPositive()) {
            long deadline = System.nanoTime() + wait.toNanos();
            waiter = Thread.currentThread();
            try {
                // Looked at again after announcing the wait: an event added in between unparks us.
                while ((e = take()) == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    LockSupport.parkNanos(this, left);
                    if (Thread.interrupted()) throw new InterruptedException();
                }
            } finally {
                waiter = null;
            }
        }
        if (e == END) {
            throw new EndedException();
        }
        return e;
    }

    /**
     * Moves up to {@code max} events that are already queued into {@code into}, without waiting.
     * An end of the feed among them is left for the next {@link #poll}, so the events before it
     * are still sent.
     */
    public void drainTo(java.util.List<WatchCache.Event> into, int max) {
        for (int i = 0; i < max; i++) {
            WatchCache.Event e = queue.peek();
            if (e == null || e == END) return;
            into.add(take());
        }
    }

    /** Leaves the cache; a {@link #poll} waiting now, or later, ends at once. */
    @Override
    public void close() {
        end();
        onClose.accept(this);
    }

    /** The feed ended: the store watch was lost, the subscriber fell behind, or it was closed. */
    public static final class EndedException extends Exception {
        EndedException() {
            super("watch feed ended", null, false, false);
        }
    }
}
