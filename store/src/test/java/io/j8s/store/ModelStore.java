package io.j8s.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The store contract as a plain in-memory model: obviously correct over fast. Every method is
 * synchronized; the whole history is kept (compaction only moves the line below which reads are
 * refused), so any past revision is computed from the log rather than stored twice.
 *
 * <p>It is the reference the property test compares real backends against, and the contract
 * suite runs against it too, which shows that the suite asks only what etcd does.
 */
public final class ModelStore implements Store {

    static final int DEFAULT_WATCH_BACKLOG = 10_000;
    private static final byte[] EMPTY = new byte[0];

    private final LongSupplier nanoClock;
    private final int watchBacklog;

    /** The events of each writing revision in op order: {@code log.get(r - 2)} is revision r's. */
    private final List<List<WatchEvent>> log = new ArrayList<>();
    /**
     * Every version of every key, ascending by revision; a delete is a tombstone (version 0).
     * Derived from {@link #log}: both change together in {@link #commit}.
     */
    private final TreeMap<String, List<KeyValue>> history = new TreeMap<>(Keys.ORDER);
    private long compactRevision;
    private final Map<Long, LeaseState> leases = new LinkedHashMap<>();
    private long nextLeaseId = 1;
    private final List<ModelWatch> watches = new ArrayList<>();
    private boolean closed;
    private final Thread leaseExpirer;

    private static final class LeaseState {
        final long ttlSeconds;
        long deadlineNanos;

        LeaseState(long ttlSeconds, long deadlineNanos) {
            this.ttlSeconds = ttlSeconds;
            this.deadlineNanos = deadlineNanos;
        }
    }

    public ModelStore() {
        this(System::nanoTime, DEFAULT_WATCH_BACKLOG);
    }

    /**
     * @param nanoClock the monotonic clock leases expire by
     * @param watchBacklog live events a watcher may have pending before it is cancelled
     */
    public ModelStore(LongSupplier nanoClock, int watchBacklog) {
        if (watchBacklog < 1) {
            throw new IllegalArgumentException("watchBacklog must be positive");
        }
        this.nanoClock = nanoClock;
        this.watchBacklog = watchBacklog;
        this.leaseExpirer = Thread.ofPlatform().daemon().name("model-lease-expirer").start(this::expireLeasesUntilClosed);
    }

    // ---- reads ----

    @Override
    public synchronized long currentRevision() {
        return 1 + log.size();
    }

    @Override
    public synchronized long compactRevision() {
        return compactRevision;
    }

    @Override
    public synchronized RangeResult range(RangeRequest request) {
        Requests.validate(request);
        ensureOpen();
        expireLeases();
        long current = currentRevision();
        long rev = request.revision() == 0 ? current : request.revision();
        if (rev > current) {
            throw new FutureRevisionException(rev, current);
        }
        if (rev < compactRevision) {
            throw new CompactedException(compactRevision);
        }
        return read(request, history.keySet(), k -> at(k, rev), current);
    }

    /** The key as of {@code rev}, or null if it did not exist then. */
    private KeyValue at(String key, long rev) {
        List<KeyValue> versions = history.get(key);
        if (versions == null) {
            return null;
        }
        for (int i = versions.size() - 1; i >= 0; i--) {
            KeyValue v = versions.get(i);
            if (v.modRevision() <= rev) {
                return v.version() == 0 ? null : v;
            }
        }
        return null;
    }

    /** A range over {@code candidates} (every key that may exist), looked up through {@code lookup}. */
    private static RangeResult read(RangeRequest request, Iterable<String> candidates,
            Function<String, KeyValue> lookup, long headerRevision) {
        List<KeyValue> found = new ArrayList<>();
        for (String k : candidates) {
            KeyValue kv = request.contains(k) ? lookup.apply(k) : null;
            if (kv != null) {
                found.add(kv);
            }
        }
        if (request.countOnly()) {
            // As etcd: a count-only read says nothing about "more", whatever the limit.
            return new RangeResult(List.of(), found.size(), false, headerRevision);
        }
        boolean more = request.limit() > 0 && found.size() > request.limit();
        List<KeyValue> kvs = more ? found.subList(0, (int) request.limit()) : found;
        if (request.keysOnly()) {
            kvs = kvs.stream().map(kv -> withValue(kv, EMPTY)).toList();
        }
        return new RangeResult(kvs, found.size(), more, headerRevision);
    }

    private static KeyValue withValue(KeyValue kv, byte[] value) {
        return new KeyValue(kv.key(), value, kv.createRevision(), kv.modRevision(), kv.version(), kv.lease());
    }

    // ---- writes ----

    @Override
    public synchronized TxnResult txn(Txn txn) {
        Requests.validate(txn);
        ensureOpen();
        expireLeases();
        long current = currentRevision();
        boolean succeeded = txn.compares().stream().allMatch(c -> c.holds(at(c.key(), current)));
        List<Op> ops = succeeded ? txn.success() : txn.failure();
        // As etcd, only the branch that runs is checked for leases.
        for (Op op : ops) {
            if (op instanceof Op.Put p && p.lease() != 0 && !leases.containsKey(p.lease())) {
                throw new LeaseNotFoundException(p.lease());
            }
        }
        Pending pending = new Pending(current);
        List<OpResult> results = new ArrayList<>();
        for (Op op : ops) {
            results.add(pending.apply(op));
        }
        commit(pending.events);
        return new TxnResult(succeeded, currentRevision(), results);
    }

    /** The writes of one transaction before they commit, and the view its own reads see. */
    private final class Pending {
        final long base;
        final long rev;
        /** Keys this transaction wrote: their new value, or null if it deleted them. */
        final Map<String, KeyValue> written = new TreeMap<>(Keys.ORDER);
        final List<WatchEvent> events = new ArrayList<>();

        Pending(long base) {
            this.base = base;
            this.rev = base + 1;
        }

        KeyValue get(String key) {
            return written.containsKey(key) ? written.get(key) : at(key, base);
        }

        Iterable<String> keys() {
            TreeSet<String> keys = new TreeSet<>(Keys.ORDER);
            keys.addAll(history.keySet());
            keys.addAll(written.keySet());
            return keys;
        }

        OpResult apply(Op op) {
            return switch (op) {
                case Op.Put p -> {
                    KeyValue prev = get(p.key());
                    KeyValue kv = new KeyValue(p.key(), p.value().clone(),
                            prev == null ? rev : prev.createRevision(), rev,
                            prev == null ? 1 : prev.version() + 1, p.lease());
                    written.put(p.key(), kv);
                    events.add(new WatchEvent(WatchEvent.Type.PUT, kv, prev));
                    yield new OpResult.PutResult(p.prevKv() ? prev : null);
                }
                case Op.Delete d -> {
                    RangeRequest r = new RangeRequest(d.key(), d.rangeEnd(), 0, 0, false, false);
                    List<KeyValue> deleted = read(r, keys(), this::get, base).kvs();
                    for (KeyValue prev : deleted) {
                        written.put(prev.key(), null);
                        events.add(new WatchEvent(WatchEvent.Type.DELETE, tombstone(prev.key(), rev), prev));
                    }
                    yield new OpResult.DeleteResult(deleted.size(), d.prevKv() ? deleted : List.of());
                }
                // As etcd: a read sees the transaction's earlier writes, and reports the new
                // revision as its header once the transaction has written something.
                case Op.Get g -> read(g.request(), keys(), this::get, events.isEmpty() ? base : rev);
            };
        }
    }

    private static KeyValue tombstone(String key, long rev) {
        return new KeyValue(key, EMPTY, 0, rev, 0, 0);
    }

    /** Appends one revision, if {@code events} wrote anything, and tells the watchers. */
    private void commit(List<WatchEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        log.add(List.copyOf(events));
        for (WatchEvent e : events) {
            history.computeIfAbsent(e.kv().key(), k -> new ArrayList<>()).add(e.kv());
        }
        for (ModelWatch w : watches) {
            w.committed(events);
        }
        notifyAll();
    }

    @Override
    public synchronized void compact(long revision) {
        ensureOpen();
        if (revision <= compactRevision) {
            throw new CompactedException(compactRevision);
        }
        if (revision > currentRevision()) {
            throw new FutureRevisionException(revision, currentRevision());
        }
        compactRevision = revision;
    }

    // ---- leases ----

    @Override
    public synchronized Lease grantLease(long ttlSeconds) {
        ensureOpen();
        if (ttlSeconds <= 0) {
            throw new InvalidRequestException("lease: TTL must be positive, got " + ttlSeconds);
        }
        long id = nextLeaseId++;
        leases.put(id, new LeaseState(ttlSeconds, deadline(ttlSeconds)));
        return new Lease(id, ttlSeconds);
    }

    @Override
    public synchronized long keepAlive(long leaseId) {
        ensureOpen();
        expireLeases();
        LeaseState lease = leases.get(leaseId);
        if (lease == null) {
            throw new LeaseNotFoundException(leaseId);
        }
        lease.deadlineNanos = deadline(lease.ttlSeconds);
        return lease.ttlSeconds;
    }

    @Override
    public synchronized void revokeLease(long leaseId) {
        ensureOpen();
        expireLeases();
        if (!leases.containsKey(leaseId)) {
            throw new LeaseNotFoundException(leaseId);
        }
        revoke(leaseId);
    }

    @Override
    public synchronized List<Lease> leases() {
        ensureOpen();
        expireLeases();
        return leases.entrySet().stream().map(e -> new Lease(e.getKey(), e.getValue().ttlSeconds)).toList();
    }

    private long deadline(long ttlSeconds) {
        return nanoClock.getAsLong() + TimeUnit.SECONDS.toNanos(ttlSeconds);
    }

    /** Removes the lease and deletes its keys, in key order, in one revision (none if it had no keys). */
    private void revoke(long leaseId) {
        leases.remove(leaseId);
        long rev = currentRevision() + 1;
        List<WatchEvent> events = new ArrayList<>();
        for (String key : history.keySet()) {
            KeyValue kv = at(key, rev - 1);
            if (kv != null && kv.lease() == leaseId) {
                events.add(new WatchEvent(WatchEvent.Type.DELETE, tombstone(key, rev), kv));
            }
        }
        commit(events);
    }

    /** Revokes every lease past its deadline, each in its own revision, as etcd's lessor does. */
    private void expireLeases() {
        long now = nanoClock.getAsLong();
        List<Long> expired = leases.entrySet().stream()
                .filter(e -> now - e.getValue().deadlineNanos >= 0).map(Map.Entry::getKey).toList();
        expired.forEach(this::revoke);
    }

    private synchronized void expireLeasesUntilClosed() {
        while (!closed) {
            expireLeases();
            try {
                wait(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ---- watches ----

    @Override
    public synchronized Watch watch(WatchRequest request, WatchListener listener) {
        Requests.validate(request);
        ensureOpen();
        ModelWatch w = new ModelWatch(request, listener, request.startRevision() == 0 ? currentRevision() + 1 : request.startRevision());
        if (request.startRevision() > 0 && request.startRevision() < compactRevision) {
            w.failure = new CompactedException(compactRevision);
        }
        watches.add(w);
        w.thread.start();
        return w;
    }

    /** The matching events of revisions {@code from} through the current one. */
    private List<WatchEvent> eventsFrom(long from, WatchRequest request) {
        List<WatchEvent> out = new ArrayList<>();
        // Revision 1 is the empty store: it changed nothing.
        for (long rev = Math.max(from, 2); rev <= currentRevision(); rev++) {
            for (WatchEvent e : log.get((int) (rev - 2))) {
                if (request.contains(e.kv().key())) {
                    out.add(request.prevKv() ? e : new WatchEvent(e.type(), e.kv(), null));
                }
            }
        }
        return out;
    }

    /**
     * One watch, delivered by its own thread, which reads the log from {@link #next}: history and
     * live changes are the same path, so there can be no gap or duplicate between them. Writers
     * only count what a watcher has pending and cancel it past the backlog; they never wait.
     */
    private final class ModelWatch implements Watch {
        private static final AtomicInteger IDS = new AtomicInteger();
        private static final int IDLE = 0, DELIVERING = 1, CLOSED = 2;

        final WatchRequest request;
        final WatchListener listener;
        final Thread thread;
        /** First revision not yet handed to the listener. Guarded by the store. */
        long next;
        /** Live events committed since the last hand-over. Guarded by the store. */
        long pending;
        /** Why the watch ends, once it must. Guarded by the store. */
        StoreException failure;
        /** IDLE, DELIVERING (a callback is running) or CLOSED: no callback starts once CLOSED. */
        final AtomicInteger state = new AtomicInteger(IDLE);

        ModelWatch(WatchRequest request, WatchListener listener, long next) {
            this.request = request;
            this.listener = listener;
            this.next = next;
            this.thread = Thread.ofPlatform().daemon().name("model-watch-" + IDS.incrementAndGet()).unstarted(this::run);
        }

        /** Called by the store, under its lock, for every commit. */
        void committed(List<WatchEvent> events) {
            if (failure != null) {
                return;
            }
            pending += events.stream().filter(e -> e.revision() >= next && request.contains(e.kv().key())).count();
            if (pending > watchBacklog) {
                failure = new WatchCancelledException("watcher fell more than " + watchBacklog + " events behind", next);
            }
        }

        private void run() {
            while (true) {
                List<WatchEvent> batch = List.of();
                StoreException error;
                synchronized (ModelStore.this) {
                    while (state.get() != CLOSED && failure == null && next > currentRevision()) {
                        try {
                            ModelStore.this.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    error = failure;
                    if (error == null && state.get() != CLOSED) {
                        batch = eventsFrom(next, request);
                        next = currentRevision() + 1;
                        pending = 0;
                    }
                }
                if (!state.compareAndSet(IDLE, DELIVERING)) {
                    return;
                }
                if (error != null) {
                    state.set(CLOSED);
                    listener.onError(error);
                    return;
                }
                if (!batch.isEmpty()) {
                    listener.onEvents(batch);
                }
                if (!state.compareAndSet(DELIVERING, IDLE)) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            state.set(CLOSED);
            synchronized (ModelStore.this) {
                watches.remove(this);
                ModelStore.this.notifyAll();
            }
        }
    }

    // ---- snapshot and lifecycle ----

    @Override
    public void snapshot(OutputStream out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        synchronized (this) {
            ensureOpen();
            expireLeases();
            Map<Long, Long> ttls = new LinkedHashMap<>();
            leases.forEach((id, l) -> ttls.put(id, l.ttlSeconds));
            ModelSnapshot.write(new ModelSnapshot(log, compactRevision, nextLeaseId, ttls), bytes);
        }
        bytes.writeTo(out);
    }

    /** A store holding what {@link #snapshot} wrote; its leases start their TTL anew, as etcd's do. */
    public static ModelStore restore(InputStream in, LongSupplier nanoClock, int watchBacklog) throws IOException {
        ModelSnapshot snapshot = ModelSnapshot.read(in);
        ModelStore store = new ModelStore(nanoClock, watchBacklog);
        synchronized (store) {
            snapshot.log().forEach(store::commit);
            store.compactRevision = snapshot.compactRevision();
            store.nextLeaseId = snapshot.nextLeaseId();
            snapshot.leaseTtls().forEach((id, ttl) -> store.leases.put(id, new LeaseState(ttl, store.deadline(ttl))));
        }
        return store;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (ModelWatch w : watches) {
                if (w.failure == null) {
                    w.failure = new StoreException("store closed");
                }
            }
            notifyAll();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("store closed");
        }
    }
}
