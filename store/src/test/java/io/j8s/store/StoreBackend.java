package io.j8s.store;

import java.nio.file.Path;
import org.opentest4j.TestAbortedException;

/**
 * One backend as the contract suite sees it. Implementations: embedded (a temp directory),
 * etcd (a real etcd-server on loopback ports), and the in-memory model.
 */
public interface StoreBackend extends AutoCloseable {

    String name();

    /** A new, empty store. */
    Store open() throws Exception;

    /**
     * A new, empty store whose watchers are cancelled with a {@link WatchCancelledException} once
     * more than {@code watchBacklog} events are pending for them. The suite uses a small backlog
     * to show that a stuck watcher never blocks writers; every backend should honor it. One that
     * does not skips those tests (the default).
     */
    default Store open(int watchBacklog) throws Exception {
        throw new TestAbortedException(name() + " has no configurable watch backlog");
    }

    /** Closes {@code store} and opens the same data again, as after a restart. */
    Store reopen(Store store) throws Exception;

    /** A new store holding what {@code snapshotFile} (written by {@link Store#snapshot}) holds. */
    Store restore(Path snapshotFile) throws Exception;

    /** Whether {@link #reopen} keeps data (the model does not). */
    default boolean durable() {
        return true;
    }

    /** Stops everything this backend started. */
    @Override
    void close() throws Exception;
}
