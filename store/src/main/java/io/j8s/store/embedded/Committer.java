package io.j8s.store.embedded;

import io.j8s.store.CompactedException;
import io.j8s.store.Compare;
import io.j8s.store.FutureRevisionException;
import io.j8s.store.InvalidRequestException;
import io.j8s.store.KeyValue;
import io.j8s.store.Lease;
import io.j8s.store.LeaseNotFoundException;
import io.j8s.store.Op;
import io.j8s.store.OpResult;
import io.j8s.store.StoreException;
import io.j8s.store.Txn;
import io.j8s.store.TxnResult;
import io.j8s.store.WatchEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.StampedLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer. It takes every request queued since its last round, evaluates each in
 * order against the newest state, appends their effects to the log, makes the whole group
 * durable with one fsync, and only then publishes: readers see the new revision, watchers get
 * the events, callers get their answers. A transaction is acknowledged only once it is on disk.
 */
final class Committer {

    private static final Logger log = LoggerFactory.getLogger(Committer.class);
    private static final int MAX_GROUP = 4096;

    sealed interface Request {
        CompletableFuture<Object> done();
    }

    record TxnRequest(Txn txn, CompletableFuture<Object> done) implements Request {}

    record GrantRequest(long ttlSeconds, CompletableFuture<Object> done) implements Request {}

    /** @param onlyIfExpired the lease checker's revocation, dropped if a keep-alive came first */
    record RevokeRequest(long id, boolean onlyIfExpired, CompletableFuture<Object> done) implements Request {}

    record CompactRequest(long revision, CompletableFuture<Object> done) implements Request {}

    /** Answers with the durable state at its place in the order, for snapshots. */
    record BarrierRequest(CompletableFuture<Object> done) implements Request {}

    /**
     * The state at a barrier, with a read stamp of the prune lock taken on the committer thread
     * at that point, so no later compaction can prune what a snapshot of it still has to read.
     * The receiver must unlock it.
     */
    record Pinned(SnapshotFile.State state, long stamp) {}

    /** What a request produced, held back until the group is durable. */
    private record Outcome(Request request, Object answer, long revision, List<WatchEvent> events, long compactTo) {}

    private final Mvcc mvcc;
    private final Leases leases;
    private final Wal wal;
    private final Watchers watchers;
    private final StampedLock pruneLock;
    private final Checkpointer checkpointer;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    /** The newest revision, durable or not; committer thread only. */
    private long revision;
    /** The revision readers may see: everything at or below it is durable. */
    private volatile long published;
    private volatile long compactRevision;
    private volatile StoreException broken;

    Committer(Mvcc mvcc, Leases leases, Wal wal, Watchers watchers, StampedLock pruneLock, Checkpointer checkpointer,
              long revision, long compactRevision) {
        this.mvcc = mvcc;
        this.leases = leases;
        this.wal = wal;
        this.watchers = watchers;
        this.pruneLock = pruneLock;
        this.checkpointer = checkpointer;
        this.revision = revision;
        this.published = revision;
        this.compactRevision = compactRevision;
        this.thread = Thread.ofPlatform().name("j8s-store-committer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    long published() {
        return published;
    }

    long compactRevision() {
        return compactRevision;
    }

    /** Queues a request and waits for its durable answer. */
    Object submit(Request request) {
        StoreException b = broken;
        if (b != null) throw b;
        queue.add(request);
        try {
            return request.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new StoreException("store request failed", e.getCause());
        }
    }

    /** Refuses everything queued or to come with {@code reason}, and stops the thread. */
    void stop(StoreException reason) {
        broken = reason;
        // Wake the thread with a no-op rather than interrupt it: an interrupt during fsync would
        // close the log's channel under it.
        queue.add(new BarrierRequest(new CompletableFuture<>()));
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failPending(reason);
    }

    private void run() {
        List<Request> group = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        while (broken == null) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(group, MAX_GROUP);
            try {
                for (Request r : group) {
                    try {
                        outcomes.add(apply(r));
                    } catch (InvalidRequestException | CompactedException e) {
                        r.done().completeExceptionally(e); // refused before it changed anything
                    }
                }
                wal.sync();
            } catch (IOException | RuntimeException e) {
                // The in-memory state is ahead of the disk now: nothing more can be trusted.
                StoreException fatal = new StoreException("store failed, refusing further requests: " + e, e);
                log.error("Embedded store failed", e);
                broken = fatal;
                group.forEach(r -> r.done().completeExceptionally(fatal));
                break;
            }
            publish(outcomes);
            group.clear();
            outcomes.clear();
            maybeCheckpoint();
        }
        failPending(broken != null ? broken : new StoreException("store is closed"));
    }

    private void failPending(StoreException reason) {
        for (Request r; (r = queue.poll()) != null; ) {
            r.done().completeExceptionally(reason);
        }
    }

    private void publish(List<Outcome> outcomes) {
        published = revision;
        for (Outcome o : outcomes) {
            if (o.compactTo() > 0) {
                compactRevision = o.compactTo();
                long stamp = pruneLock.writeLock();
                try {
                    mvcc.prune(o.compactTo());
                } finally {
                    pruneLock.unlockWrite(stamp);
                }
            }
            if (!o.events().isEmpty()) {
                watchers.publish(o.revision(), o.events());
            }
        }
        for (Outcome o : outcomes) {
            if (o.request() instanceof BarrierRequest b) {
                Pinned pinned = new Pinned(new SnapshotFile.State(o.revision(), compactRevision, leases.ttls()),
                        pruneLock.readLock());
                if (!b.done().complete(pinned)) pruneLock.unlockRead(pinned.stamp());
            } else {
                o.request().done().complete(o.answer());
            }
        }
    }

    private void maybeCheckpoint() {
        if (checkpointer.due(wal.segmentBytes())) {
            try {
                long segment = wal.rotate();
                checkpointer.start(segment, new SnapshotFile.State(revision, compactRevision, leases.ttls()),
                        pruneLock.readLock());
            } catch (IOException e) {
                log.warn("Could not start a new log segment for a checkpoint; will retry", e);
            }
        }
    }

    // ---- evaluation: committer thread only ----

    private Outcome apply(Request request) {
        return switch (request) {
            case TxnRequest t -> applyTxn(t);
            case GrantRequest g -> {
                long id = leases.newId();
                leases.grant(id, g.ttlSeconds());
                wal.append(new Record(revision, List.of(new Record.GrantLease(id, g.ttlSeconds()))));
                yield new Outcome(g, new Lease(id, g.ttlSeconds()), revision, List.of(), 0);
            }
            case RevokeRequest r -> applyRevoke(r);
            case CompactRequest c -> {
                if (c.revision() <= compactRevision) throw new CompactedException(compactRevision);
                if (c.revision() > revision) throw new FutureRevisionException(c.revision(), revision);
                wal.append(new Record(revision, List.of(new Record.Compact(c.revision()))));
                yield new Outcome(c, c.revision(), revision, List.of(), c.revision());
            }
            case BarrierRequest b -> new Outcome(b, null, revision, List.of(), 0);
        };
    }

    private Outcome applyTxn(TxnRequest request) {
        Txn txn = request.txn();
        boolean succeeded = true;
        for (Compare c : txn.compares()) {
            Version v = mvcc.latest(c.key());
            if (!c.holds(v == null ? null : v.toKeyValue(c.key(), true))) {
                succeeded = false;
                break;
            }
        }
        List<Op> ops = succeeded ? txn.success() : txn.failure();
        for (Op op : ops) {
            if (op instanceof Op.Put p && p.lease() != 0 && !leases.exists(p.lease())) {
                throw new LeaseNotFoundException(p.lease());
            }
        }
        long rev = revision + 1;
        List<Record.Effect> effects = new ArrayList<>();
        List<WatchEvent> events = new ArrayList<>();
        List<OpResult> results = new ArrayList<>(ops.size());
        for (Op op : ops) {
            switch (op) {
                case Op.Put p -> {
                    Version prev = mvcc.latest(p.key());
                    Version v = mvcc.put(p.key(), p.value(), p.lease(), rev, effects.size());
                    leases.move(p.key(), prev == null ? 0 : prev.lease(), p.lease());
                    effects.add(new Record.Put(p.key(), p.value(), p.lease()));
                    events.add(Mvcc.event(p.key(), v, prev, true));
                    results.add(new OpResult.PutResult(p.prevKv() && prev != null ? prev.toKeyValue(p.key(), false) : null));
                }
                case Op.Delete d -> {
                    List<String> keys = mvcc.latestKeys(d.key(), d.rangeEnd());
                    List<KeyValue> prevs = new ArrayList<>();
                    for (String k : keys) {
                        Version prev = mvcc.latest(k);
                        Version v = mvcc.delete(k, rev, effects.size());
                        leases.move(k, prev.lease(), 0);
                        effects.add(new Record.Delete(k));
                        events.add(Mvcc.event(k, v, prev, true));
                        if (d.prevKv()) prevs.add(prev.toKeyValue(k, false));
                    }
                    results.add(new OpResult.DeleteResult(keys.size(), prevs));
                }
                case Op.Get g -> {
                    long header = effects.isEmpty() ? revision : rev;
                    results.add(mvcc.range(g.request(), Long.MAX_VALUE, header));
                }
            }
        }
        if (!effects.isEmpty()) {
            revision = rev;
            wal.append(new Record(rev, effects));
        }
        return new Outcome(request, new TxnResult(succeeded, revision, results), revision, events, 0);
    }

    private Outcome applyRevoke(RevokeRequest r) {
        if (!leases.exists(r.id())) {
            if (r.onlyIfExpired()) return new Outcome(r, null, revision, List.of(), 0);
            throw new LeaseNotFoundException(r.id());
        }
        if (r.onlyIfExpired() && !leases.isExpired(r.id())) {
            return new Outcome(r, null, revision, List.of(), 0);
        }
        List<String> keys = leases.revoke(r.id());
        long rev = revision + 1;
        List<Record.Effect> effects = new ArrayList<>();
        List<WatchEvent> events = new ArrayList<>();
        for (String k : keys) {
            Version prev = mvcc.latest(k);
            if (prev == null) continue;
            Version v = mvcc.delete(k, rev, effects.size());
            effects.add(new Record.Delete(k));
            events.add(Mvcc.event(k, v, prev, true));
        }
        if (!effects.isEmpty()) revision = rev;
        effects.add(new Record.RevokeLease(r.id()));
        wal.append(new Record(revision, effects));
        return new Outcome(r, null, revision, events, 0);
    }

}
