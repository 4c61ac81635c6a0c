package io.j8s.store.embedded;

import io.j8s.store.CompactedException;
import io.j8s.store.StoreException;
import io.j8s.store.Watch;
import io.j8s.store.WatchCancelledException;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import io.j8s.store.WatchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: catches up from history if it started in the past, then delivers live events,
 * all on its own virtual thread so that a slow listener only ever slows itself.
 *
 * <p>Writers call {@link #offer} and never wait: past {@code backlog} undelivered events the
 * watch is cancelled, and its thread tells the listener the first revision it did not deliver.
 */
final class Watcher implements Watch {

    private static final Logger log = LoggerFactory.getLogger(Watcher.class);
    private static final int HISTORY_BATCH = 1000;

    private final WatchRequest request;
    private final WatchListener listener;
    private final long start;
    private final long historyTo;
    private final int backlog;
    private final Watchers.History history;
    private final Consumer<Watcher> onEnd;

    private final LinkedBlockingQueue<List<WatchEvent>> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    /** Held while calling the listener, so close() can promise no callback starts after it. */
    private final ReentrantLock delivery = new ReentrantLock();

    /** The first revision not yet delivered; only the delivery thread moves it. */
    private long next;
    private volatile boolean closed;
    private volatile StoreException failure;
    /** Why the watch was cut off for falling behind; the resume revision is known only to the thread. */
    private volatile String cancelReason;
    private Thread thread;

    Watcher(WatchRequest request, WatchListener listener, long start, long historyTo, int backlog,
            Watchers.History history, Consumer<Watcher> onEnd) {
        this.request = request;
        this.listener = listener;
        this.start = start;
        this.next = start;
        this.historyTo = historyTo;
        this.backlog = backlog;
        this.history = history;
        this.onEnd = onEnd;
    }

    void start() {
        thread = Thread.ofVirtual().name("watch-" + request.key()).start(this::run);
    }

    /** Called by the committer, under the watchers' lock: must not block. */
    void offer(long revision, List<WatchEvent> events) {
        if (closed || failure != null || revision < start) return;
        List<WatchEvent> mine = null;
        for (WatchEvent e : events) {
            if (request.contains(e.kv().key())) {
                if (mine == null) mine = new ArrayList<>();
                mine.add(request.prevKv() || e.prevKv() == null ? e : new WatchEvent(e.type(), e.kv(), null));
            }
        }
        if (mine == null) return;
        if (pending.addAndGet(mine.size()) > backlog) {
            cancelReason = "watcher fell more than " + backlog + " events behind";
            fail(new StoreException(cancelReason));
            return;
        }
        queue.add(mine);
    }

    /** Ends the watch with an error, delivered by the watch's own thread. */
    void fail(StoreException error) {
        if (failure == null) {
            failure = error;
            queue.add(List.of()); // wake the thread
        }
    }

    private void run() {
        try {
            if (next <= historyTo) {
                catchUp();
            }
            while (!closed && failure == null) {
                List<WatchEvent> batch = queue.take();
                if (batch.isEmpty()) continue;
                pending.addAndGet(-batch.size());
                deliver(batch);
            }
        } catch (CompactedException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("watch listener for {} failed; closing the watch", request.key(), e);
            closed = true;
        }
        StoreException error = cancelReason != null ? new WatchCancelledException(cancelReason, next) : failure;
        onEnd.accept(this);
        if (error != null) {
            delivery.lock();
            try {
                if (!closed) {
                    closed = true;
                    listener.onError(error);
                }
            } finally {
                delivery.unlock();
            }
        }
    }

    private void catchUp() {
        List<WatchEvent> events = history.read(request, next, historyTo);
        int from = 0;
        while (from < events.size() && !closed && failure == null) {
            int to = Math.min(from + HISTORY_BATCH, events.size());
            // Never split one revision's events across calls.
            while (to < events.size() && events.get(to).revision() == events.get(to - 1).revision()) to++;
            deliver(events.subList(from, to));
            from = to;
        }
        if (!closed && failure == null) next = historyTo + 1;
    }

    private void deliver(List<WatchEvent> batch) {
        delivery.lock();
        try {
            if (closed) return;
            listener.onEvents(List.copyOf(batch));
            next = batch.get(batch.size() - 1).revision() + 1;
        } finally {
            delivery.unlock();
        }
    }

    @Override
    public void close() {
        delivery.lock();
        try {
            closed = true;
        } finally {
            delivery.unlock();
        }
        queue.add(List.of());
        onEnd.accept(this);
    }
}
