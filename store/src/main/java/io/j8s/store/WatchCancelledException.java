package io.j8s.store;

/**
 * The store cut a watcher off because it fell behind. Nothing at or after {@link #resumeRevision}
 * was delivered; a new watch from there continues without a gap, while history lasts.
 */
public class WatchCancelledException extends StoreException {
    private final long resumeRevision;

    public WatchCancelledException(String reason, long resumeRevision) {
        super("watch cancelled: " + reason + " (resume from revision " + resumeRevision + ")");
        this.resumeRevision = resumeRevision;
    }

    public long resumeRevision() {
        return resumeRevision;
    }
}
