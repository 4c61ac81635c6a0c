package io.j8s.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.j8s.store.CompactedException;
import io.j8s.store.KeyValue;
import io.j8s.store.StoreException;
import io.j8s.store.Watch;
import io.j8s.store.WatchCancelledException;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: an etcd watch feeding a bounded backlog that a thread of its own (virtual) delivers
 * to the listener, so a slow listener never holds up jetcd's event loop, which serves every
 * watch and call of the client.
 *
 * <p>Each etcd watch response becomes one {@code onEvents} call. etcd cuts responses only at
 * revision boundaries (it splits one revision's events only with the {@code fragment} option,
 * which this watch does not set), so the events of one txn always arrive together.
 *
 * <p>The watch ends, at most once, with the first of: the backlog overflowing (the etcd watch is
 * cancelled and the listener gets a {@link WatchCancelledException} naming the first revision it
 * did not get; the backlog is dropped, since it would be re-read from there), etcd cancelling it
 * (compaction) or its stream failing, the store closing, or {@link #close()}. jetcd would resume a
 * broken stream by itself, but from the newest revision it has heard of, which may skip events
 * not yet received; this watch ends instead, so the caller resumes from what it last got.
 */
final class EtcdWatch implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);

    private final WatchListener listener;
    private final int backlog;
    private final Consumer<EtcdWatch> onEnd;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock: batches not yet taken for delivery, their event count, and the end to
    // deliver after them (null while the watch runs).
    private final ArrayDeque<List<WatchEvent>> pending = new ArrayDeque<>();
    private int pendingEvents;
    private StoreException ending;

    /** Held by the delivery thread around each callback, so close() can wait one out. */
    private final ReentrantLock delivering = new ReentrantLock();
    private volatile boolean closed;
    private volatile io.etcd.jetcd.Watch.Watcher upstream;
    private volatile boolean upstreamCancelled;
    private volatile Thread deliverer;

    EtcdWatch(WatchListener listener, int backlog, Consumer<EtcdWatch> onEnd) {
        this.listener = listener;
        this.backlog = backlog;
        this.onEnd = onEnd;
    }

    void start(io.etcd.jetcd.Watch client, ByteSequence key, WatchOption option, String name) {
        deliverer = Thread.ofVirtual().name(name).start(this::deliver);
        try {
            upstream = client.watch(key, option, new Upstream());
        } catch (RuntimeException e) {
            // The client closed under us: end through the listener, as every other failure does.
            end(new StoreException("watch: could not start: " + e.getMessage(), e), false);
            return;
        }
        if (upstreamCancelled) {
            upstream.close();
        }
    }

    /** Ends the watch with {@code error}, dropping what is pending: the store is going away. */
    void fail(StoreException error) {
        end(error, true);
    }

    /** Whether the watch has ended or is about to (its error is waiting to be delivered). */
    boolean ending() {
        lock.lock();
        try {
            return closed || ending != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        signal();
        cancelUpstream();
        if (Thread.currentThread() != deliverer) {
            // Wait out a callback in flight: none starts after close returns.
            delivering.lock();
            delivering.unlock();
        }
    }

    private void deliver() {
        try {
            while (true) {
                List<WatchEvent> batch = null;
                StoreException error = null;
                lock.lock();
                try {
                    while (!closed && pending.isEmpty() && ending == null) {
                        changed.awaitUninterruptibly();
                    }
                    if (closed) {
                        return;
                    }
                    if (!pending.isEmpty()) {
                        batch = pending.poll();
                        pendingEvents -= batch.size();
                    } else {
                        error = ending;
                    }
                } finally {
                    lock.unlock();
                }
                delivering.lock();
                try {
                    if (closed) {
                        return;
                    }
                    if (batch != null) {
                        try {
                            listener.onEvents(batch);
                        } catch (RuntimeException e) {
                            LOG.warn("watch listener failed on events at revision {}; delivery goes on", batch.get(0).revision(), e);
                        }
                    } else {
                        listener.onError(error);
                        return;
                    }
                } finally {
                    delivering.unlock();
                }
            }
        } finally {
            cancelUpstream();
            onEnd.accept(this);
        }
    }

    private void accept(WatchResponse response) {
        List<WatchEvent> events = new ArrayList<>(response.getEvents().size());
        for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
            WatchEvent event = event(e);
            if (event != null) {
                events.add(event);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (closed || ending != null) {
                return;
            }
            // A watcher with nothing pending is keeping up, however big the batch it is handed
            // (a catch-up response carries up to 1000 revisions): only a backlog overflows.
            if (pendingEvents > 0 && pendingEvents + events.size() > backlog) {
                long resume = pending.peek().get(0).revision();
                pending.clear();
                pendingEvents = 0;
                ending = new WatchCancelledException("watcher fell behind by more than " + backlog + " events", resume);
                cancelUpstreamLater();
            } else {
                pending.add(List.copyOf(events));
                pendingEvents += events.size();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void end(StoreException error, boolean dropPending) {
        lock.lock();
        try {
            if (closed || ending != null) {
                return;
            }
            if (dropPending) {
                pending.clear();
                pendingEvents = 0;
            }
            ending = error;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        cancelUpstreamLater();
    }

    /**
     * A DELETE as the store defines it: key, empty value, the deleting revision, nothing else.
     * (etcd sends its tombstone, which today is exactly that, but says nothing to promise it.)
     */
    private static WatchEvent event(io.etcd.jetcd.watch.WatchEvent e) {
        io.etcd.jetcd.KeyValue kv = e.getKeyValue();
        KeyValue prev = KeyValues.previous(e.getPrevKV());
        return switch (e.getEventType()) {
            case PUT -> new WatchEvent(WatchEvent.Type.PUT, KeyValues.keyValue(kv), prev);
            case DELETE -> new WatchEvent(WatchEvent.Type.DELETE,
                    new KeyValue(KeyValues.string(kv.getKey()), new byte[0], 0, kv.getModRevision(), 0, 0), prev);
            case UNRECOGNIZED -> null;
        };
    }

    private static StoreException error(Throwable t) {
        if (t instanceof io.etcd.jetcd.common.exception.CompactedException c) {
            return new CompactedException(c.getCompactedRevision());
        }
        return new StoreException("watch: etcd ended the watch: " + t.getMessage(), t);
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void cancelUpstream() {
        upstreamCancelled = true;
        io.etcd.jetcd.Watch.Watcher w = upstream;
        if (w != null) {
            w.close();
        }
    }

    /** Cancels from a thread of our own: jetcd's callbacks hold its locks and event loop. */
    private void cancelUpstreamLater() {
        Thread.ofVirtual().start(this::cancelUpstream);
    }

    private final class Upstream implements io.etcd.jetcd.Watch.Listener {
        @Override
        public void onNext(WatchResponse response) {
            accept(response);
        }

        @Override
        public void onError(Throwable t) {
            end(error(t), false);
        }

        @Override
        public void onCompleted() {
            // jetcd says this when the watcher is closed, by us or by the client closing; the
            // watch has already ended or is about to through close() or fail().
        }
    }
}
