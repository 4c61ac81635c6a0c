package io.j8s.store.embedded;

import io.j8s.store.KeyValue;
import io.j8s.store.Keys;
import io.j8s.store.RangeRequest;
import io.j8s.store.RangeResult;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;

/**
 * The in-memory multi-version index: key → its versions, oldest first.
 *
 * <p>Invariants: a key's version array is immutable once published in the map; writers replace
 * it, so a reader holding an array sees a consistent history of that key. Only the committer
 * thread writes ({@link #put}, {@link #delete}, {@link #prune}). Versions above the published
 * revision may already be in the arrays; readers filter them out by revision, which is what
 * makes a group of transactions invisible until its fsync completes.
 */
final class Mvcc {

    private final ConcurrentSkipListMap<String, Version[]> index = new ConcurrentSkipListMap<>(Keys.ORDER);
    /**
     * The same arrays by key, for point reads and the committer's compares: a hash lookup instead
     * of a walk down the skip list. Written with {@code index}, by the committer, always before the
     * revision that makes a change visible is published.
     */
    private final ConcurrentHashMap<String, Version[]> byKey = new ConcurrentHashMap<>();

    // ---- reads, at a revision ----

    /** The version of {@code key} visible at {@code revision}, or null (absent or deleted). */
    Version at(String key, long revision) {
        Version[] vs = byKey.get(key);
        return vs == null ? null : visible(vs, revision);
    }

    /** The newest version of {@code key}, published or not; the committer's view. Null if absent. */
    Version latest(String key) {
        Version[] vs = byKey.get(key);
        if (vs == null) return null;
        Version v = vs[vs.length - 1];
        return v.tombstone() ? null : v;
    }

    private static Version visible(Version[] vs, long revision) {
        for (int i = vs.length - 1; i >= 0; i--) {
            if (vs[i].revision() <= revision) {
                return vs[i].tombstone() ? null : vs[i];
            }
        }
        return null;
    }

    RangeResult range(RangeRequest r, long revision, long headerRevision) {
        if (r.rangeEnd() == null) {
            Version v = at(r.key(), revision);
            List<KeyValue> kvs = v == null || r.countOnly() ? List.of() : List.of(v.toKeyValue(r.key(), r.keysOnly()));
            return new RangeResult(kvs, v == null ? 0 : 1, false, headerRevision);
        }
        List<KeyValue> kvs = new ArrayList<>();
        long count = 0;
        long limit = r.limit() == 0 ? Long.MAX_VALUE : r.limit();
        for (Map.Entry<String, Version[]> e : slice(r.key(), r.rangeEnd()).entrySet()) {
            Version v = visible(e.getValue(), revision);
            if (v == null) continue;
            count++;
            if (!r.countOnly() && kvs.size() < limit) {
                kvs.add(v.toKeyValue(e.getKey(), r.keysOnly()));
            }
        }
        return new RangeResult(kvs, count, !r.countOnly() && count > kvs.size(), headerRevision);
    }

    /** The live keys of a range in the committer's view, for range deletes. */
    List<String> latestKeys(String key, String rangeEnd) {
        if (rangeEnd == null) {
            return latest(key) == null ? List.of() : List.of(key);
        }
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, Version[]> e : slice(key, rangeEnd).entrySet()) {
            Version[] vs = e.getValue();
            if (!vs[vs.length - 1].tombstone()) keys.add(e.getKey());
        }
        return keys;
    }

    private NavigableMap<String, Version[]> slice(String key, String rangeEnd) {
        return Keys.ALL_AFTER.equals(rangeEnd) ? index.tailMap(key, true) : index.subMap(key, true, rangeEnd, false);
    }

    /**
     * Every change to the watched range with a revision in [{@code from}, {@code to}], ordered
     * by revision then position in the transaction.
     */
    List<WatchEvent> history(WatchRequest w, long from, long to) {
        record Change(long revision, int sub, WatchEvent event) {}
        List<Change> changes = new ArrayList<>();
        Iterable<Map.Entry<String, Version[]>> entries = w.rangeEnd() == null
                ? (byKey.containsKey(w.key()) ? List.of(Map.entry(w.key(), byKey.get(w.key()))) : List.of())
                : slice(w.key(), w.rangeEnd()).entrySet();
        for (Map.Entry<String, Version[]> e : entries) {
            Version[] vs = e.getValue();
            for (int i = 0; i < vs.length; i++) {
                Version v = vs[i];
                if (v.revision() < from || v.revision() > to) continue;
                Version prev = i > 0 && !vs[i - 1].tombstone() ? vs[i - 1] : null;
                changes.add(new Change(v.revision(), v.sub(), event(e.getKey(), v, prev, w.prevKv())));
            }
        }
        changes.sort(Comparator.comparingLong(Change::revision).thenComparingInt(Change::sub));
        return changes.stream().map(Change::event).toList();
    }

    static WatchEvent event(String key, Version v, Version prev, boolean withPrev) {
        KeyValue prevKv = withPrev && prev != null ? prev.toKeyValue(key, false) : null;
        return v.tombstone()
                ? new WatchEvent(WatchEvent.Type.DELETE, v.deletedKeyValue(key), prevKv)
                : new WatchEvent(WatchEvent.Type.PUT, v.toKeyValue(key, false), prevKv);
    }

    // ---- writes, by the committer only ----

    /** Appends a put at {@code revision}; returns the new version. */
    Version put(String key, byte[] value, long lease, long revision, int sub) {
        Version prev = latest(key);
        Version v = prev == null
                ? new Version(revision, sub, value, revision, 1, lease, false)
                : new Version(revision, sub, value, prev.createRevision(), prev.version() + 1, lease, false);
        append(key, v);
        return v;
    }

    /** Appends a tombstone at {@code revision}; the key must be live. */
    Version delete(String key, long revision, int sub) {
        Version v = new Version(revision, sub, Version.EMPTY, 0, 0, 0, true);
        append(key, v);
        return v;
    }

    private void append(String key, Version v) {
        Version[] vs = byKey.get(key);
        Version[] next;
        if (vs == null) {
            next = new Version[] {v};
        } else {
            next = Arrays.copyOf(vs, vs.length + 1);
            next[vs.length] = v;
        }
        index.put(key, next);
        byKey.put(key, next);
    }

    /**
     * Forgets what is needed only to read before {@code revision}: per key, every version older
     * than the newest at or below it, and keys whose newest such version is an older tombstone.
     */
    void prune(long revision) {
        for (Map.Entry<String, Version[]> e : index.entrySet()) {
            Version[] vs = e.getValue();
            int keep = 0; // index of the newest version at or below revision
            for (int i = 0; i < vs.length && vs[i].revision() <= revision; i++) keep = i;
            Version newest = vs[keep];
            if (newest.revision() <= revision && newest.tombstone() && newest.revision() < revision) {
                keep++; // the key was already gone at `revision`
            }
            if (keep == 0) continue;
            if (keep >= vs.length) {
                index.remove(e.getKey(), vs);
                byKey.remove(e.getKey(), vs);
            } else {
                Version[] kept = Arrays.copyOfRange(vs, keep, vs.length);
                if (index.replace(e.getKey(), vs, kept)) byKey.replace(e.getKey(), vs, kept);
            }
        }
    }

    /** Visits every key's versions up to {@code revision}, ascending by key; for checkpoints. */
    void forEach(long revision, BiConsumer<String, List<Version>> visitor) {
        for (Map.Entry<String, Version[]> e : index.entrySet()) {
            List<Version> vs = new ArrayList<>();
            for (Version v : e.getValue()) {
                if (v.revision() <= revision) vs.add(v);
            }
            if (!vs.isEmpty()) visitor.accept(e.getKey(), vs);
        }
    }

    /** Loads a key's versions, as read from a checkpoint. */
    void load(String key, List<Version> versions) {
        Version[] vs = versions.toArray(Version[]::new);
        index.put(key, vs);
        byKey.put(key, vs);
    }

    int size() {
        return index.size();
    }
}
