package io.j8s.store.etcd;

import io.j8s.store.Lease;
import io.j8s.store.RangeRequest;
import io.j8s.store.RangeResult;
import io.j8s.store.Store;
import io.j8s.store.StoreBackend;
import io.j8s.store.Txn;
import io.j8s.store.TxnResult;
import io.j8s.store.Watch;
import io.j8s.store.WatchListener;
import io.j8s.store.WatchRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The etcd backend for the contract suite, which finds this class by name. Each {@link #open()}
 * is a fresh etcd process (about a quarter of a second to start): the one sure way to an empty
 * store whose revisions start at 1 as a new store's do.
 *
 * <p>Closing a store stops its etcd and deletes its data (each data directory holds ~128 MiB of
 * preallocated WAL), so a suite opening a store per test does not pile up processes. Hence
 * {@link #reopen} takes a store that is still open, as its contract says.
 */
public final class EtcdBackend implements StoreBackend {

    private final List<OwnedStore> open = new ArrayList<>();

    public EtcdBackend() {}

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public synchronized Store open() throws Exception {
        return connect(EtcdProcess.start(), EtcdStore.Options::defaults);
    }

    @Override
    public synchronized Store open(int watchBacklog) throws Exception {
        return connect(EtcdProcess.start(), endpoints -> EtcdStore.Options.defaults(endpoints).withWatchBacklog(watchBacklog));
    }

    @Override
    public synchronized Store reopen(Store store) throws Exception {
        if (!(store instanceof OwnedStore owned) || !open.remove(owned)) {
            throw new IllegalArgumentException("not an open store of this backend (closing a store deletes its etcd's data): " + store);
        }
        owned.store.close();
        owned.etcd.restart();
        return connect(owned.etcd, EtcdStore.Options::defaults);
    }

    @Override
    public synchronized Store restore(Path snapshotFile) throws Exception {
        return connect(EtcdProcess.restoreFrom(snapshotFile), EtcdStore.Options::defaults);
    }

    @Override
    public synchronized void close() {
        List.copyOf(open).forEach(OwnedStore::close);
    }

    private Store connect(EtcdProcess etcd, java.util.function.Function<List<String>, EtcdStore.Options> options) {
        EtcdStore store;
        try {
            store = EtcdStore.connect(options.apply(etcd.endpoints()));
        } catch (RuntimeException e) {
            etcd.stop();
            throw e;
        }
        OwnedStore owned = new OwnedStore(store, etcd);
        open.add(owned);
        return owned;
    }

    private synchronized void closed(OwnedStore s) {
        open.remove(s);
    }

    /** An EtcdStore that owns its etcd process: closing it stops the process. */
    private final class OwnedStore implements Store {
        private final EtcdStore store;
        private final EtcdProcess etcd;

        OwnedStore(EtcdStore store, EtcdProcess etcd) {
            this.store = store;
            this.etcd = etcd;
        }

        @Override
        public void close() {
            store.close();
            etcd.stop();
            closed(this);
        }

        @Override
        public long currentRevision() {
            return store.currentRevision();
        }

        @Override
        public long compactRevision() {
            return store.compactRevision();
        }

        @Override
        public RangeResult range(RangeRequest request) {
            return store.range(request);
        }

        @Override
        public TxnResult txn(Txn txn) {
            return store.txn(txn);
        }

        @Override
        public Watch watch(WatchRequest request, WatchListener listener) {
            return store.watch(request, listener);
        }

        @Override
        public void compact(long revision) {
            store.compact(revision);
        }

        @Override
        public Lease grantLease(long ttlSeconds) {
            return store.grantLease(ttlSeconds);
        }

        @Override
        public long keepAlive(long leaseId) {
            return store.keepAlive(leaseId);
        }

        @Override
        public void revokeLease(long leaseId) {
            store.revokeLease(leaseId);
        }

        @Override
        public List<Lease> leases() {
            return store.leases();
        }

        @Override
        public void snapshot(OutputStream out) throws IOException {
            store.snapshot(out);
        }

        @Override
        public String toString() {
            return "etcd store at " + etcd.endpoint();
        }
    }
}
