package io.j8s.store.embedded;

import io.j8s.store.CompactedException;
import io.j8s.store.FutureRevisionException;
import io.j8s.store.InvalidRequestException;
import io.j8s.store.Lease;
import io.j8s.store.RangeRequest;
import io.j8s.store.RangeResult;
import io.j8s.store.Requests;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import io.j8s.store.Txn;
import io.j8s.store.TxnResult;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import io.j8s.store.WatchRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default backend: etcd's semantics on one machine, durable in a local data directory.
 *
 * <p>State lives in an in-memory multi-version index ({@link Mvcc}); durability comes from a
 * write-ahead log with group commit ({@link Wal}, {@link Committer}) and periodic checkpoints
 * ({@link Checkpointer}). Reads never touch the disk and never wait for writers. See the
 * module's README for why this shape, and the figures.
 */
public final class EmbeddedStore implements Store {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

    /**
     * @param dir the data directory (created if missing)
     * @param fsync force each group commit to disk; off only for throwaway stores in tests
     * @param watchBacklog events a watcher may have pending before it is cancelled as too slow
     * @param leaseCheckInterval how often expired leases are looked for
     * @param nanoClock the monotonic clock leases expire by (System::nanoTime outside tests)
     * @param checkpointBytes log bytes after which the state is checkpointed and the log trimmed
     */
    public record Options(Path dir, boolean fsync, int watchBacklog, Duration leaseCheckInterval, LongSupplier nanoClock,
                          long checkpointBytes) {
        public Options {
            Objects.requireNonNull(dir, "dir");
            if (watchBacklog < 1) throw new IllegalArgumentException("watchBacklog must be positive");
            Objects.requireNonNull(leaseCheckInterval, "leaseCheckInterval");
            Objects.requireNonNull(nanoClock, "nanoClock");
            if (checkpointBytes < 1) throw new IllegalArgumentException("checkpointBytes must be positive");
        }

        public Options(Path dir, boolean fsync, int watchBacklog, Duration leaseCheckInterval, LongSupplier nanoClock) {
            this(dir, fsync, watchBacklog, leaseCheckInterval, nanoClock, 64L << 20);
        }

        public static Options defaults(Path dir) {
            return new Options(dir, true, 100_000, Duration.ofMillis(250), System::nanoTime);
        }

        public Options withWatchBacklog(int n) {
            return new Options(dir, fsync, n, leaseCheckInterval, nanoClock, checkpointBytes);
        }

        public Options withNanoClock(LongSupplier clock) {
            return new Options(dir, fsync, watchBacklog, leaseCheckInterval, clock, checkpointBytes);
        }

        public Options withLeaseCheckInterval(Duration d) {
            return new Options(dir, fsync, watchBacklog, d, nanoClock, checkpointBytes);
        }

        public Options withFsync(boolean on) {
            return new Options(dir, on, watchBacklog, leaseCheckInterval, nanoClock, checkpointBytes);
        }

        public Options withCheckpointBytes(long n) {
            return new Options(dir, fsync, watchBacklog, leaseCheckInterval, nanoClock, n);
        }
    }

    private final Options options;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final Mvcc mvcc;
    private final Leases leases;
    private final StampedLock pruneLock;
    private final Watchers watchers;
    private final Committer committer;
    private final Checkpointer checkpointer;
    private final Wal wal;
    private final ScheduledExecutorService leaseChecker;
    private volatile boolean closed;

    private EmbeddedStore(Options options, FileChannel lockFile, FileLock lock, Mvcc mvcc, Leases leases, Wal wal,
                          long revision, long compactRevision) {
        this.options = options;
        this.lockFile = lockFile;
        this.lock = lock;
        this.mvcc = mvcc;
        this.leases = leases;
        this.wal = wal;
        this.pruneLock = new StampedLock();
        this.watchers = new Watchers(revision, this::history, options.watchBacklog());
        this.checkpointer = new Checkpointer(options.dir(), mvcc, pruneLock, options.checkpointBytes());
        this.committer = new Committer(mvcc, leases, wal, watchers, pruneLock, checkpointer, revision, compactRevision);
        this.leaseChecker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("j8s-store-leases").daemon().unstarted(r));
    }

    public static EmbeddedStore open(Path dir) {
        return open(Options.defaults(dir));
    }

    public static EmbeddedStore open(Options options) {
        Path dir = options.dir();
        FileChannel lockFile = null;
        try {
            Files.createDirectories(dir);
            lockFile = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockFile.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                throw new StoreException("data directory " + dir + " is in use by another j8s process");
            }
            long t0 = System.nanoTime();
            Recovery recovery = Recovery.run(dir, options.fsync(), options.nanoClock());
            EmbeddedStore store = new EmbeddedStore(options, lockFile, lock, recovery.mvcc(), recovery.leases(),
                    recovery.wal(), recovery.revision(), recovery.compactRevision());
            store.start();
            log.info("Opened the embedded store in {} at revision {} ({} keys, {} ms)", dir, recovery.revision(),
                    recovery.mvcc().size(), (System.nanoTime() - t0) / 1_000_000);
            return store;
        } catch (IOException e) {
            closeQuietly(lockFile);
            throw new StoreException("cannot open the embedded store in " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(lockFile);
            throw e;
        }
    }

    /** Creates data directory {@code dir} (which must not exist or be empty) from a snapshot file. */
    public static void restore(Path snapshotFile, Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new InvalidRequestException("restore: data directory " + dir + " is not empty");
                    }
                }
            }
            try (InputStream in = Files.newInputStream(snapshotFile)) {
                SnapshotFile.read(in, new Mvcc()); // refuse a damaged file before creating anything
            }
            Files.createDirectories(dir);
            Path target = SnapshotFile.checkpointPath(dir, 1);
            Path tmp = dir.resolve("snap.tmp");
            Files.copy(snapshotFile, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            Wal.syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("restore from " + snapshotFile + " failed", e);
        }
    }

    private void start() {
        committer.start();
        long period = Math.max(1, options.leaseCheckInterval().toMillis());
        leaseChecker.scheduleWithFixedDelay(this::expireLeases, period, period, TimeUnit.MILLISECONDS);
    }

    private void expireLeases() {
        for (long id : leases.expired()) {
            if (closed) return;
            try {
                committer.submit(new Committer.RevokeRequest(id, true, new CompletableFuture<>()));
            } catch (StoreException e) {
                log.debug("Lease {} expiry not applied: {}", id, e.getMessage());
            }
        }
    }

    // ---- reads ----

    @Override
    public long currentRevision() {
        return committer.published();
    }

    @Override
    public long compactRevision() {
        return committer.compactRevision();
    }

    @Override
    public RangeResult range(RangeRequest request) {
        Requests.validate(request);
        checkOpen();
        long current = committer.published();
        long at = request.revision() == 0 ? current : request.revision();
        if (at > current) {
            throw new FutureRevisionException(at, current);
        }
        // Compaction is rare: read optimistically and retry under the lock only if one ran.
        long stamp = pruneLock.tryOptimisticRead();
        RangeResult result = readAt(request, at, current);
        if (!pruneLock.validate(stamp)) {
            stamp = pruneLock.readLock();
            try {
                result = readAt(request, at, current);
            } finally {
                pruneLock.unlockRead(stamp);
            }
        }
        return result;
    }

    private RangeResult readAt(RangeRequest request, long at, long current) {
        long compacted = committer.compactRevision();
        if (at < compacted) {
            throw new CompactedException(compacted);
        }
        return mvcc.range(request, at, current);
    }

    private List<WatchEvent> history(WatchRequest request, long from, long to) {
        long stamp = pruneLock.readLock();
        try {
            long compacted = committer.compactRevision();
            if (from < compacted) {
                throw new CompactedException(compacted);
            }
            return mvcc.history(request, from, to);
        } finally {
            pruneLock.unlockRead(stamp);
        }
    }

    // ---- writes ----

    @Override
    public TxnResult txn(Txn txn) {
        Requests.validate(txn);
        checkOpen();
        return (TxnResult) committer.submit(new Committer.TxnRequest(txn, new CompletableFuture<>()));
    }

    @Override
    public Watch watch(WatchRequest request, WatchListener listener) {
        Requests.validate(request);
        Objects.requireNonNull(listener, "listener");
        checkOpen();
        return watchers.register(request, listener);
    }

    @Override
    public void compact(long revision) {
        if (revision <= 0) {
            throw new InvalidRequestException("compact: revision must be positive, got " + revision);
        }
        checkOpen();
        committer.submit(new Committer.CompactRequest(revision, new CompletableFuture<>()));
    }

    @Override
    public Lease grantLease(long ttlSeconds) {
        if (ttlSeconds <= 0) {
            throw new InvalidRequestException("lease: TTL must be positive, got " + ttlSeconds);
        }
        checkOpen();
        return (Lease) committer.submit(new Committer.GrantRequest(ttlSeconds, new CompletableFuture<>()));
    }

    @Override
    public long keepAlive(long leaseId) {
        checkOpen();
        return leases.keepAlive(leaseId);
    }

    @Override
    public void revokeLease(long leaseId) {
        checkOpen();
        committer.submit(new Committer.RevokeRequest(leaseId, false, new CompletableFuture<>()));
    }

    @Override
    public List<Lease> leases() {
        checkOpen();
        return leases.list();
    }

    @Override
    public void snapshot(OutputStream out) throws IOException {
        checkOpen();
        Committer.Pinned pinned = (Committer.Pinned) committer.submit(new Committer.BarrierRequest(new CompletableFuture<>()));
        try {
            SnapshotFile.write(out, pinned.state(), mvcc);
        } finally {
            pruneLock.unlockRead(pinned.stamp());
        }
    }

    private void checkOpen() {
        if (closed) throw new StoreException("store is closed");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        leaseChecker.shutdownNow();
        committer.stop(new StoreException("store is closed"));
        checkpointer.await();
        watchers.closeAll(new StoreException("store is closed"));
        try {
            wal.close();
        } catch (IOException e) {
            log.warn("Closing the write-ahead log failed", e);
        }
        try {
            lock.release();
        } catch (IOException e) {
            log.debug("Releasing the data directory lock failed", e);
        }
        closeQuietly(lockFile);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
