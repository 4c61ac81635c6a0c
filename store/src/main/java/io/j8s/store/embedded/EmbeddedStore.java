package io.j8s.store.embedded;

import io.j8s.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/** The default backend: durable on local disk. (Stub: the engine lands in the next commit.) */
public abstract class EmbeddedStore implements Store {

    /**
     * @param dir the data directory (created if missing)
     * @param fsync force each group commit to disk; off only for throwaway stores in tests
     * @param watchBacklog events a watcher may have pending before it is cancelled as too slow
     * @param leaseCheckInterval how often expired leases are looked for
     * @param nanoClock the monotonic clock leases expire by (System::nanoTime outside tests)
     */
    public record Options(Path dir, boolean fsync, int watchBacklog, Duration leaseCheckInterval, LongSupplier nanoClock) {
        public Options {
            Objects.requireNonNull(dir, "dir");
            if (watchBacklog < 1) throw new IllegalArgumentException("watchBacklog must be positive");
            Objects.requireNonNull(leaseCheckInterval, "leaseCheckInterval");
            Objects.requireNonNull(nanoClock, "nanoClock");
        }

        public static Options defaults(Path dir) {
            return new Options(dir, true, 100_000, Duration.ofMillis(250), System::nanoTime);
        }

        public Options withWatchBacklog(int n) {
            return new Options(dir, fsync, n, leaseCheckInterval, nanoClock);
        }

        public Options withNanoClock(LongSupplier clock) {
            return new Options(dir, fsync, watchBacklog, leaseCheckInterval, clock);
        }

        public Options withLeaseCheckInterval(Duration d) {
            return new Options(dir, fsync, watchBacklog, d, nanoClock);
        }

        public Options withFsync(boolean on) {
            return new Options(dir, on, watchBacklog, leaseCheckInterval, nanoClock);
        }
    }

    public static EmbeddedStore open(Path dir) {
        return open(Options.defaults(dir));
    }

    public static EmbeddedStore open(Options options) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Creates data directory {@code dir} (which must not exist or be empty) from a snapshot file. */
    public static void restore(Path snapshotFile, Path dir) {
        throw new UnsupportedOperationException("not yet");
    }
}
