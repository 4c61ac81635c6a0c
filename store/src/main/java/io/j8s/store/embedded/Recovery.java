package io.j8s.store.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Rebuilds the state at open: the newest checkpoint, then every log record after it.
 * Replay applies recorded effects; it never re-evaluates a transaction.
 */
record Recovery(Mvcc mvcc, Leases leases, Wal wal, long revision, long compactRevision) {

    static Recovery run(Path dir, boolean fsync, LongSupplier nanoClock) throws IOException {
        Files.deleteIfExists(dir.resolve("snap.tmp")); // a checkpoint that never finished
        Mvcc mvcc = new Mvcc();
        Leases leases = new Leases(nanoClock);
        long[] revision = {1};
        long[] compacted = {0};
        long from = 0;
        Optional<Path> checkpoint = newestCheckpoint(dir);
        if (checkpoint.isPresent()) {
            String name = checkpoint.get().getFileName().toString();
            from = Long.parseLong(name.substring(5, 17));
            try (InputStream in = Files.newInputStream(checkpoint.get())) {
                SnapshotFile.State state = SnapshotFile.read(in, mvcc);
                revision[0] = state.revision();
                compacted[0] = state.compactRevision();
                for (Map.Entry<Long, Long> l : state.leases().entrySet()) {
                    leases.grant(l.getKey(), l.getValue());
                }
            }
        }
        Wal wal = Wal.recover(dir, from, fsync, record -> {
            int sub = 0;
            for (Record.Effect e : record.effects()) {
                switch (e) {
                    case Record.Put p -> mvcc.put(p.key(), p.value(), p.lease(), record.revision(), sub++);
                    case Record.Delete d -> {
                        if (mvcc.latest(d.key()) != null) mvcc.delete(d.key(), record.revision(), sub++);
                    }
                    case Record.GrantLease g -> leases.grant(g.id(), g.ttlSeconds());
                    case Record.RevokeLease r -> leases.revoke(r.id());
                    case Record.Compact c -> {
                        if (c.revision() > compacted[0]) {
                            compacted[0] = c.revision();
                            mvcc.prune(c.revision());
                        }
                    }
                }
            }
            revision[0] = Math.max(revision[0], record.revision());
        });
        // Which keys each lease holds follows from the keys; a restarted store gives every
        // lease a full TTL again, as etcd does.
        mvcc.forEach(Long.MAX_VALUE, (key, versions) -> {
            Version last = versions.get(versions.size() - 1);
            if (!last.tombstone() && last.lease() != 0) leases.move(key, 0, last.lease());
        });
        leases.refreshAll();
        return new Recovery(mvcc, leases, wal, revision[0], compacted[0]);
    }

    private static Optional<Path> newestCheckpoint(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("snap-\\d{12}\\.snap"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }
}
