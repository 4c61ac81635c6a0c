package io.j8s.store.embedded;

import io.j8s.store.StoreException;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import io.j8s.store.WatchRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The set of live watches: the committer publishes each committed revision's events here, and
 * every matching watcher queues them for its own delivery thread.
 *
 * <p>Invariant: {@link #publish} and {@link #register} are serialized by {@code lock}, so a new
 * watcher's history ends exactly at the revision after which its live events begin: no gap,
 * no duplicate.
 */
final class Watchers {

    /** Reads history for a catching-up watcher; throws CompactedException if it is gone. */
    interface History {
        List<WatchEvent> read(WatchRequest request, long from, long to);
    }

    private final Object lock = new Object();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final History history;
    private final int backlog;
    private long published;

    Watchers(long revision, History history, int backlog) {
        this.published = revision;
        this.history = history;
        this.backlog = backlog;
    }

    Watch register(WatchRequest request, WatchListener listener) {
        Watcher w;
        synchronized (lock) {
            long start = request.startRevision() == 0 ? published + 1 : request.startRevision();
            w = new Watcher(request, listener, start, published, backlog, history, watchers::remove);
            watchers.add(w);
        }
        w.start();
        return w;
    }

    /** The events of one committed revision, in op order. */
    void publish(long revision, List<WatchEvent> events) {
        synchronized (lock) {
            published = revision;
            for (Watcher w : watchers) {
                w.offer(revision, events);
            }
        }
    }

    /** Ends every watch with {@code error}. */
    void closeAll(StoreException error) {
        synchronized (lock) {
            for (Watcher w : watchers) {
                w.fail(error);
            }
            watchers.clear();
        }
    }

    int size() {
        return watchers.size();
    }
}
