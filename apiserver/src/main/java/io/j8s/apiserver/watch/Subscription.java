package io.j8s.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One watch's feed from the cache. The cache offers without ever waiting; a subscriber
 * that falls more than {@code backlog} events behind is ended, and its client re-watches from
 * the last resourceVersion it saw (upstream's cacher does the same to slow watchers).
 */
public final class Subscription implements AutoCloseable {

    private static final WatchCache.Event END = new WatchCache.Event(null, null, null, null, -1);

    private final String prefix;
    private final Predicate<ObjectNode> interest;
    private final int backlog;
    private final Consumer<Subscription> onClose;
    private final LinkedBlockingQueue<WatchCache.Event> queue = new LinkedBlockingQueue<>();
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
        if (queue.size() >= backlog) {
            end();
            return;
        }
        queue.add(e);
    }

    void end() {
        if (!ended) {
            ended = true;
            queue.add(END);
        }
    }

    /**
     * The next event, null if none came within {@code wait}.
     *
     * @throws EndedException once the feed has ended
     */
    public WatchCache.Event poll(Duration wait) throws InterruptedException, EndedException {
        WatchCache.Event e = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
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
            into.add(queue.poll());
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
