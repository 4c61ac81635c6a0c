package io.j8s.store;

/**
 * @param key first key, or the single key when {@code rangeEnd} is null (as {@link RangeRequest})
 * @param rangeEnd end of the range, exclusive; {@link Keys#ALL_AFTER} for every key from {@code key}
 * @param startRevision deliver changes at this revision and after; 0 for changes after the
 *     current revision only
 * @param prevKv include each changed key's previous value
 */
public record WatchRequest(String key, String rangeEnd, long startRevision, boolean prevKv) {

    public static WatchRequest prefix(String prefix, long startRevision) {
        return new WatchRequest(prefix, Keys.prefixEnd(prefix), startRevision, false);
    }

    public static WatchRequest key(String key, long startRevision) {
        return new WatchRequest(key, null, startRevision, false);
    }

    public WatchRequest withPrevKv() {
        return new WatchRequest(key, rangeEnd, startRevision, true);
    }

    public boolean contains(String k) {
        return Keys.inRange(k, key, rangeEnd);
    }
}
