package io.j8s.store;

import java.util.List;

/**
 * Receives a watch's events, on a thread of the store's. Calls for one watch never overlap.
 * A listener should return quickly: the store buffers a bounded backlog per watch and cancels
 * watchers that fall further behind.
 */
public interface WatchListener {

    /** Events of one or more consecutive revisions, ascending, never empty. */
    void onEvents(List<WatchEvent> events);

    /**
     * The watch ended: {@link CompactedException} (the start revision is gone),
     * {@link WatchCancelledException} (the watcher fell behind; resume from its revision), or
     * {@link StoreException} when the store failed or closed. Called at most once, last.
     */
    void onError(StoreException error);
}
