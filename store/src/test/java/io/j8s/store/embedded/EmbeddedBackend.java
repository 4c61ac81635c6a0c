package io.j8s.store.embedded;

import io.j8s.store.Store;
import io.j8s.store.StoreBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The embedded engine for the contract suite: each store in a fresh temporary directory. */
public final class EmbeddedBackend implements StoreBackend {

    private final List<Path> dirs = new ArrayList<>();
    private final List<Store> stores = new ArrayList<>();

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Store open() throws IOException {
        return open(100_000);
    }

    public Store open(int watchBacklog) throws IOException {
        Path dir = Files.createTempDirectory("j8s-store-");
        dirs.add(dir);
        return track(EmbeddedStore.open(options(dir).withWatchBacklog(watchBacklog)));
    }

    private static EmbeddedStore.Options options(Path dir) {
        // Short lease checks so expiry tests take about their TTL; fsync stays on, as in use.
        return EmbeddedStore.Options.defaults(dir).withLeaseCheckInterval(Duration.ofMillis(50));
    }

    @Override
    public Store reopen(Store store) {
        Path dir = dirs.get(stores.indexOf(store));
        store.close();
        Store again = EmbeddedStore.open(options(dir));
        stores.set(stores.indexOf(store), again);
        return again;
    }

    @Override
    public Store restore(Path snapshotFile) throws IOException {
        Path dir = Files.createTempDirectory("j8s-store-");
        Files.delete(dir);
        dirs.add(dir);
        EmbeddedStore.restore(snapshotFile, dir);
        return track(EmbeddedStore.open(options(dir)));
    }

    private Store track(Store s) {
        stores.add(s);
        return s;
    }

    @Override
    public void close() throws IOException {
        stores.forEach(Store::close);
        for (Path dir : dirs) {
            if (!Files.exists(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
