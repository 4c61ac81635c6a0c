package io.j8s.store.etcd;

import io.j8s.store.Store;
import io.j8s.store.StoreBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The etcd backend for the contract suite: each {@link #open()} is a fresh etcd process (about
 * a quarter of a second to start), which is the one sure way to an empty store whose revisions
 * start at 1 as a new store's do. The contract suite finds this class by name.
 */
public final class EtcdBackend implements StoreBackend {

    private final List<EtcdProcess> processes = new ArrayList<>();
    private final Map<Store, EtcdProcess> processOf = new IdentityHashMap<>();

    public EtcdBackend() {}

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public synchronized Store open() throws Exception {
        return connect(started(EtcdProcess.start()));
    }

    @Override
    public synchronized Store reopen(Store store) throws Exception {
        EtcdProcess p = processOf.remove(store);
        if (p == null) {
            throw new IllegalArgumentException("not a store of this backend: " + store);
        }
        store.close();
        p.restart();
        return connect(p);
    }

    @Override
    public synchronized Store restore(Path snapshotFile) throws Exception {
        return connect(started(EtcdProcess.restoreFrom(snapshotFile)));
    }

    @Override
    public synchronized void close() {
        processOf.keySet().forEach(Store::close);
        processOf.clear();
        processes.forEach(EtcdProcess::stop);
        processes.clear();
    }

    private EtcdProcess started(EtcdProcess p) {
        processes.add(p);
        return p;
    }

    private Store connect(EtcdProcess p) {
        EtcdStore store = EtcdStore.connect(p.endpoints());
        processOf.put(store, p);
        return store;
    }
}
