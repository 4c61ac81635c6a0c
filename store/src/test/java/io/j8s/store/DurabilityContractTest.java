package io.j8s.store;

import static io.j8s.store.Fixtures.all;
import static io.j8s.store.Fixtures.allAt;
import static io.j8s.store.Fixtures.kv;
import static io.j8s.store.Fixtures.put;
import static io.j8s.store.Fixtures.putWithLease;
import static io.j8s.store.Fixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What outlives the process: data, revisions, history and leases across a restart; snapshots. */
class DurabilityContractTest {

    @RegisterExtension
    static final Backends backends = new Backends();

    @EachBackend
    void dataRevisionsAndLeasesSurviveReopen(Backends.Id backend) throws Exception {
        assumeTrue(backends.durable(backend), backend + " is not durable");
        Store store = backends.open(backend);
        put(store, "a", "1");                                          // 2
        put(store, "b", "1");                                          // 3
        put(store, "a", "2");                                          // 4
        store.delete("b");                                             // 5
        Lease lease = store.grantLease(600);
        store.txn(txn(putWithLease("leased", "x", lease.id())));       // 6
        store.compact(3);
        List<KeyValue> current = all(store);
        List<KeyValue> atFour = allAt(store, 4);

        Store reopened = backends.reopen(backend, store);

        assertThat(reopened.currentRevision()).isEqualTo(6);
        assertThat(reopened.compactRevision()).isEqualTo(3);
        assertThat(all(reopened)).isEqualTo(current);
        assertThat(allAt(reopened, 4)).isEqualTo(atFour);
        assertThat(reopened.leases()).extracting(Lease::id).contains(lease.id());
        assertThat(reopened.get("leased").lease()).isEqualTo(lease.id());
        reopened.revokeLease(lease.id());
        assertThat(reopened.get("leased")).isNull();
        assertThat(put(reopened, "a", "3")).isEqualTo(8);
        assertThat(reopened.get("a")).isEqualTo(kv("a", "3", 2, 8, 3));
    }

    @EachBackend
    void watchFromBeforeTheRestartReplaysHistory(Backends.Id backend) throws Exception {
        assumeTrue(backends.durable(backend), backend + " is not durable");
        Store store = backends.open(backend);
        for (int i = 0; i < 5; i++) {
            put(store, "h/" + i, "v" + i);   // 2..6
        }

        Store reopened = backends.reopen(backend, store);
        RecordingListener l = new RecordingListener();
        reopened.watch(WatchRequest.prefix("h/", 3), l);
        put(reopened, "h/live", "v");        // 7

        assertThat(l.awaitRevision(7)).extracting(e -> e.kv().key())
                .containsExactly("h/1", "h/2", "h/3", "h/4", "h/live");
        assertThat(l.revisions()).containsExactly(3L, 4L, 5L, 6L, 7L);
    }

    @EachBackend
    void snapshotTakenDuringWritesRestoresOneConsistentRevision(Backends.Id backend, @TempDir Path dir) throws Exception {
        Store store = backends.open(backend);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Path file = dir.resolve("store.snapshot");
        try {
            // Every txn writes both keys with the same value: a snapshot inside a txn would split them.
            Future<?> writing = writer.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    store.txn(txn(Op.put("snap/a", "v" + i), Op.put("snap/b", "v" + i), Op.put("snap/n" + (i % 20), "v" + i)));
                }
            });
            Poll.until("the writer is under way", () -> store.currentRevision() > 100);
            try (OutputStream out = Files.newOutputStream(file)) {
                store.snapshot(out);
            }
            stop.set(true);
            writing.get(1, TimeUnit.MINUTES);
        } finally {
            writer.shutdownNow();
        }

        Store restored = backends.restore(backend, file);

        long revision = restored.currentRevision();
        assertThat(revision).isGreaterThan(100).isLessThanOrEqualTo(store.currentRevision());
        assertThat(all(restored)).isEqualTo(allAt(store, revision));
        assertThat(restored.get("snap/a").value()).isEqualTo(restored.get("snap/b").value());
        assertThat(put(restored, "snap/a", "after")).isEqualTo(revision + 1);
    }
}
