package io.j8s.store.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.StampedLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the log: once the current segment passes a size, the committer starts a new one and
 * this writes the state as of that moment to a checkpoint in the background; then the older
 * segments and checkpoints go. Writers are never held up; a compaction waits for it, since
 * the checkpoint reads history that compaction prunes.
 */
final class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final Path dir;
    private final Mvcc mvcc;
    private final StampedLock pruneLock;
    private final long thresholdBytes;
    private volatile boolean running;
    private volatile Thread thread;

    Checkpointer(Path dir, Mvcc mvcc, StampedLock pruneLock, long thresholdBytes) {
        this.dir = dir;
        this.mvcc = mvcc;
        this.pruneLock = pruneLock;
        this.thresholdBytes = thresholdBytes;
    }

    boolean due(long segmentBytes) {
        return !running && segmentBytes >= thresholdBytes;
    }

    /**
     * Checkpoints {@code state}, the state before log segment {@code segment}, then releases
     * {@code stamp}: a read stamp of the prune lock the committer took at that state.
     */
    void start(long segment, SnapshotFile.State state, long stamp) {
        running = true;
        thread = Thread.ofPlatform().name("j8s-store-checkpoint").daemon().start(() -> {
            try {
                long t0 = System.nanoTime();
                SnapshotFile.writeCheckpoint(dir, segment, state, mvcc);
                removeBefore(segment);
                log.info("Checkpointed the store at revision {} in {} ms", state.revision(), (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                log.warn("Checkpoint at revision {} failed; the log keeps everything meanwhile", state.revision(), e);
            } finally {
                pruneLock.unlockRead(stamp);
                running = false;
            }
        });
    }

    private void removeBefore(long segment) throws IOException {
        for (long s : Wal.segments(dir)) {
            if (s < segment) Files.deleteIfExists(Wal.segmentPath(dir, s));
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.matches("snap-\\d{12}\\.snap") && Long.parseLong(n.substring(5, 17)) < segment) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Waits for a running checkpoint, on close. */
    void await() {
        Thread t = thread;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
