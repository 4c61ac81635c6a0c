package io.j8s.store;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The in-memory model as a backend of the contract suite. Not durable: reopen keeps the store. */
public final class ModelBackend implements StoreBackend {

    @Override
    public String name() {
        return "model";
    }

    @Override
    public Store open() {
        return new ModelStore();
    }

    @Override
    public Store open(int watchBacklog) {
        return new ModelStore(System::nanoTime, watchBacklog);
    }

    /** Nothing to restart: the same store, still open. */
    @Override
    public Store reopen(Store store) {
        return store;
    }

    @Override
    public Store restore(Path snapshotFile) throws Exception {
        try (InputStream in = Files.newInputStream(snapshotFile)) {
            return ModelStore.restore(in, System::nanoTime, ModelStore.DEFAULT_WATCH_BACKLOG);
        }
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {}
}
