package io.j8s.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.j8s.store.StoreException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds etcd's compact revision, which etcd's KV API never states: a read below it fails with
 * "required revision has been compacted" and no number. Two facts of etcd's mvcc give it:
 * <ul>
 *   <li>A read at revision r succeeds exactly when r is at or above the compact revision.
 *   <li>A watch starting below the compact revision is cancelled with {@code compact_revision}
 *       set to it. (A watch starting at or above it is not cancelled but also sends nothing to
 *       say so, which is why the watch is only opened once a read has proved r compacted; then
 *       the cancellation is certain and arrives within etcd's watcher sync interval, ~100 ms.)
 * </ul>
 * So: {@link #current()} reads at the highest compact revision seen so far (one cheap request);
 * only if that is compacted too, someone else compacted further, and a watch from there tells
 * by how much. The one ambiguity is a store compacted at exactly revision 1, which forgets
 * nothing and reads as never compacted: 0.
 */
final class CompactRevisionProbe {

    /** Any key: a count-only read of it checks a revision; a watch on it is only ever cancelled. */
    static final ByteSequence PROBE_KEY = KeyValues.bytes("\0");

    private final KV kv;
    private final Watch watch;
    private final Calls calls;
    /** The highest compact revision seen; etcd's only ever grows. */
    private final AtomicLong known = new AtomicLong();

    CompactRevisionProbe(KV kv, Watch watch, Calls calls) {
        this.kv = kv;
        this.watch = watch;
        this.calls = calls;
    }

    /** Records a compaction this store made or learnt of. */
    void compactedAt(long revision) {
        known.accumulateAndGet(revision, Math::max);
    }

    long current() {
        long k = known.get();
        return readable(Math.max(k, 1)) ? k : above(Math.max(k, 1));
    }

    /** The compact revision, given that a read at {@code compacted} just failed as compacted. */
    long above(long compacted) {
        CompletableFuture<Long> found = new CompletableFuture<>();
        Watch.Watcher w = watch.watch(PROBE_KEY, WatchOption.builder().withRevision(compacted).build(), Watch.listener(
                response -> found.completeExceptionally(new StoreException("revision " + compacted + " is not compacted")),
                error -> {
                    if (error instanceof io.etcd.jetcd.common.exception.CompactedException c) {
                        found.complete(c.getCompactedRevision());
                    } else {
                        found.completeExceptionally(error);
                    }
                }));
        try {
            long c = calls.await("compact revision", found);
            compactedAt(c);
            return c;
        } catch (EtcdFailure f) {
            throw f.toStoreException();
        } finally {
            w.close();
        }
    }

    private boolean readable(long revision) {
        try {
            calls.await("compact revision", kv.get(PROBE_KEY, GetOption.builder().withRevision(revision).withCountOnly(true).build()));
            return true;
        } catch (EtcdFailure f) {
            if (f.kind() == EtcdFailure.Kind.COMPACTED) {
                return false;
            }
            throw f.toStoreException();
        }
    }
}
