package io.j8s.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The storage contract of j8s: etcd v3's key-value API, because real etcd is the backend
 * we grow into and because what kubectl observes (resourceVersion, 409 Conflict, 410 Gone,
 * watch resumption) comes straight from these semantics.
 *
 * <p>Only the API server may hold a {@code Store}. Every other component is an API client.
 *
 * <h2>Semantics, as etcd's</h2>
 * <ul>
 *   <li>One global revision, starting at 1 for an empty store. Each transaction that writes
 *       anything advances it by exactly one; all its writes share that revision as
 *       {@code modRevision}. A transaction that writes nothing (a failed compare with no
 *       else-ops, a delete matching nothing) leaves it unchanged.
 *   <li>Each key carries {@code createRevision} (revision of the put that created it since it
 *       last did not exist), {@code modRevision} and {@code version} (puts since creation,
 *       starting at 1). A deleted key has no version; compares against an absent key see
 *       {@code createRevision == modRevision == version == 0}.
 *   <li>Keys are non-empty strings ordered by Unicode code point, which is the byte order of
 *       their UTF-8 encoding, i.e. etcd's order. Values are bytes.
 *   <li>Past revisions can be read and watched until compacted. Compacting at revision C keeps
 *       revision C readable and forgets everything needed only to read revisions before C.
 * </ul>
 *
 * <p>Bad input (see {@link Requests}) is refused with {@link InvalidRequestException} before
 * anything changes. Implementations are thread-safe.
 */
public interface Store extends AutoCloseable {

    /** The revision of the last committed write. */
    long currentRevision();

    /** The revision of the last compaction; 0 if never compacted. */
    long compactRevision();

    /**
     * Reads a key or a range at a revision.
     *
     * @throws CompactedException if {@code revision} is positive and below the compact revision
     * @throws FutureRevisionException if {@code revision} is above the current revision
     */
    RangeResult range(RangeRequest request);

    /** Atomically: if every compare holds, apply {@code success}, else {@code failure}. */
    TxnResult txn(Txn txn);

    /**
     * Streams every change to a key or range after a revision, in revision order, with no gaps
     * and no duplicates. Events of one transaction arrive together, in the order of its ops.
     *
     * <p>Starting at a compacted revision fails through {@link WatchListener#onError} with a
     * {@link CompactedException}. A watcher that cannot keep up never blocks writers: it is
     * cancelled with a {@link WatchCancelledException} naming the revision to resume from.
     * After {@code onError} the watch delivers nothing more.
     */
    Watch watch(WatchRequest request, WatchListener listener);

    /**
     * Discards history before {@code revision}.
     *
     * @throws CompactedException if {@code revision} is not above the current compact revision
     * @throws FutureRevisionException if {@code revision} is above the current revision
     */
    void compact(long revision);

    /** Grants a lease that expires {@code ttlSeconds} after its grant or last keep-alive. */
    Lease grantLease(long ttlSeconds);

    /** Renews a lease; returns its remaining TTL in seconds. @throws LeaseNotFoundException */
    long keepAlive(long leaseId);

    /** Revokes a lease now, deleting every key attached to it. @throws LeaseNotFoundException */
    void revokeLease(long leaseId);

    /** The leases currently alive. */
    List<Lease> leases();

    /**
     * Writes a consistent copy of the whole store, as of one revision, while it keeps serving.
     * The format is the backend's own; the same backend opens a store from it.
     */
    void snapshot(OutputStream out) throws IOException;

    /** Stops watches and releases resources. Acknowledged writes are durable before this. */
    @Override
    void close();

    // ---- conveniences over txn/range ----

    default KeyValue get(String key) {
        List<KeyValue> kvs = range(RangeRequest.key(key)).kvs();
        return kvs.isEmpty() ? null : kvs.get(0);
    }

    /** Puts unconditionally; returns the revision of the write. */
    default long put(String key, byte[] value) {
        return txn(Txn.of(List.of(), List.of(Op.put(key, value)), List.of())).revision();
    }

    /** Deletes unconditionally; returns how many keys were deleted. */
    default long delete(String key) {
        TxnResult r = txn(Txn.of(List.of(), List.of(Op.delete(key)), List.of()));
        return ((OpResult.DeleteResult) r.results().get(0)).deleted();
    }
}
