package io.j8s.store;

import static io.j8s.store.Fixtures.kv;
import static io.j8s.store.Fixtures.put;
import static io.j8s.store.Fixtures.tombstone;
import static io.j8s.store.Fixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.store.WatchEvent.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Watches: history then live without gap or duplicate, event shapes, compaction, close, and slow watchers. */
class WatchContractTest {

    @RegisterExtension
    static final Backends backends = new Backends();

    private static List<Long> revisions(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static RecordingListener watch(Store store, WatchRequest request) {
        RecordingListener listener = new RecordingListener();
        store.watch(request, listener);
        return listener;
    }

    @EachBackend
    void watchFromZeroDeliversOnlyLaterChanges(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "a", "1");
        put(store, "a", "2");

        RecordingListener l = watch(store, WatchRequest.key("a", 0));
        put(store, "a", "3");

        assertThat(l.awaitRevision(4)).containsExactly(new WatchEvent(Type.PUT, kv("a", "3", 2, 4, 3), null));
        assertThat(l.violations()).isEmpty();
    }

    @EachBackend
    void watchFromPastRevisionReplaysHistoryThenGoesLive(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "w/a", "1");   // 2
        put(store, "w/b", "1");   // 3
        put(store, "w/a", "2");   // 4
        store.delete("w/b");      // 5
        put(store, "w/c", "1");   // 6

        RecordingListener l = watch(store, WatchRequest.prefix("w/", 4));
        put(store, "w/b", "2");   // 7

        assertThat(l.awaitRevision(7)).containsExactly(
                new WatchEvent(Type.PUT, kv("w/a", "2", 2, 4, 2), null),
                new WatchEvent(Type.DELETE, tombstone("w/b", 5), null),
                new WatchEvent(Type.PUT, kv("w/c", "1", 6, 6, 1), null),
                new WatchEvent(Type.PUT, kv("w/b", "2", 7, 7, 1), null));
        assertThat(l.violations()).isEmpty();
    }

    @EachBackend
    void historyAndLiveMeetWithoutGapOrDuplicateWhileAWriterRuns(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        int puts = 400;
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> writing = writer.submit(() -> {
                for (int i = 0; i < puts; i++) {
                    put(store, "c/" + (i % 7), "v" + i);
                }
            });
            Poll.until("the writer is under way", () -> store.currentRevision() > 50);
            RecordingListener l = watch(store, WatchRequest.prefix("c/", 10));
            writing.get(2, TimeUnit.MINUTES);

            long last = store.currentRevision();
            List<WatchEvent> events = l.awaitRevision(last);
            assertThat(events).extracting(WatchEvent::revision).containsExactlyElementsOf(revisions(10, last));
            assertThat(events).allSatisfy(e -> assertThat(e.kv().valueAsString()).isEqualTo("v" + (e.revision() - 2)));
            assertThat(l.violations()).isEmpty();
        } finally {
            writer.shutdownNow();
        }
    }

    @EachBackend
    void watchSeesOnlyItsKeyOrRange(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "p/a", "1");   // 2
        put(store, "p/b", "1");   // 3
        put(store, "q/a", "1");   // 4
        put(store, "p", "1");     // 5
        put(store, "p/c", "1");   // 6
        put(store, "p/a", "2");   // 7

        RecordingListener prefix = watch(store, WatchRequest.prefix("p/", 2));
        RecordingListener key = watch(store, WatchRequest.key("p/a", 2));
        RecordingListener range = watch(store, new WatchRequest("p/a", "p/c", 2, false));
        RecordingListener fromKey = watch(store, new WatchRequest("p/b", Keys.ALL_AFTER, 2, false));
        put(store, "z", "end");   // 8

        assertThat(prefix.awaitRevision(7)).extracting(WatchEvent::revision).containsExactly(2L, 3L, 6L, 7L);
        assertThat(key.awaitRevision(7)).extracting(WatchEvent::revision).containsExactly(2L, 7L);
        assertThat(range.awaitRevision(7)).extracting(WatchEvent::revision).containsExactly(2L, 3L, 7L);
        assertThat(fromKey.awaitRevision(8)).extracting(WatchEvent::revision).containsExactly(3L, 4L, 6L, 8L);
    }

    @EachBackend
    void prevKvIsDeliveredOnlyWhenAsked(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        RecordingListener with = watch(store, WatchRequest.key("k", 0).withPrevKv());
        RecordingListener without = watch(store, WatchRequest.key("k", 0));

        put(store, "k", "v1");   // 2
        put(store, "k", "v2");   // 3
        store.delete("k");       // 4

        assertThat(with.awaitRevision(4)).containsExactly(
                new WatchEvent(Type.PUT, kv("k", "v1", 2, 2, 1), null),
                new WatchEvent(Type.PUT, kv("k", "v2", 2, 3, 2), kv("k", "v1", 2, 2, 1)),
                new WatchEvent(Type.DELETE, tombstone("k", 4), kv("k", "v2", 2, 3, 2)));
        assertThat(without.awaitRevision(4)).extracting(WatchEvent::prevKv).containsOnlyNulls();
    }

    @EachBackend
    void deleteEventCarriesTheDeleteRevisionAndNoValue(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        Lease lease = store.grantLease(60);
        store.txn(txn(Fixtures.putWithLease("d/1", "value", lease.id()), Op.put("d/2", "value")));   // 2
        RecordingListener l = watch(store, WatchRequest.prefix("d/", 0));

        store.txn(txn(Op.deletePrefix("d/")));   // 3

        List<WatchEvent> events = l.awaitRevision(3);
        assertThat(events).containsExactly(
                new WatchEvent(Type.DELETE, tombstone("d/1", 3), null),
                new WatchEvent(Type.DELETE, tombstone("d/2", 3), null));
        assertThat(events.get(0).kv().value()).isEmpty();
        assertThat(events.get(0).revision()).isEqualTo(3);
    }

    @EachBackend
    void eventsOfOneTxnArriveInOneCallInOpOrder(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "t/b", "old");   // 2
        RecordingListener l = watch(store, WatchRequest.prefix("t/", 0));

        store.txn(txn(Op.put("t/c", "1"), Op.put("outside", "1"), Op.put("t/a", "1"), Op.delete("t/b")));   // 3
        // (etcd refuses a put inside a range the same txn deletes, so t/e lies outside [t/a, t/d).)
        store.txn(txn(Op.put("t/e", "1"), new Op.Delete("t/a", "t/d", false)));                             // 4

        l.awaitRevision(4);
        List<WatchEvent> rev3 = batchHolding(l, 3);
        assertThat(rev3).containsExactly(
                new WatchEvent(Type.PUT, kv("t/c", "1", 3, 3, 1), null),
                new WatchEvent(Type.PUT, kv("t/a", "1", 3, 3, 1), null),
                new WatchEvent(Type.DELETE, tombstone("t/b", 3), null));
        // A delete range deletes in key order.
        assertThat(batchHolding(l, 4)).extracting(e -> e.type() + " " + e.kv().key())
                .containsExactly("PUT t/e", "DELETE t/a", "DELETE t/c");
    }

    /** The events of {@code revision}, checking that they all came in one onEvents call. */
    private static List<WatchEvent> batchHolding(RecordingListener l, long revision) {
        List<List<WatchEvent>> holding = l.batches().stream()
                .filter(b -> b.stream().anyMatch(e -> e.revision() == revision)).toList();
        assertThat(holding).as("onEvents calls holding revision " + revision).hasSize(1);
        return holding.get(0).stream().filter(e -> e.revision() == revision).toList();
    }

    @EachBackend
    void watchFromCompactedRevisionFailsWithCompactRevision(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        for (int i = 0; i < 5; i++) {
            put(store, "k", "v" + i);   // 2..6
        }
        store.compact(5);

        RecordingListener l = watch(store, WatchRequest.key("k", 4));

        assertThat(l.awaitError()).isInstanceOfSatisfying(CompactedException.class,
                e -> assertThat(e.compactRevision()).isEqualTo(5));
        assertThat(l.events()).isEmpty();
        assertThat(l.violations()).isEmpty();
    }

    @EachBackend
    void watchFromTheCompactRevisionItselfWorks(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "k", "v0");    // 2
        put(store, "k", "v1");    // 3
        put(store, "x", "v");     // 4
        store.compact(3);

        RecordingListener l = watch(store, WatchRequest.key("k", 3));
        put(store, "k", "v2");    // 5

        assertThat(l.awaitRevision(5)).containsExactly(
                new WatchEvent(Type.PUT, kv("k", "v1", 2, 3, 2), null),
                new WatchEvent(Type.PUT, kv("k", "v2", 2, 5, 3), null));
        assertThat(l.error()).isNull();
    }

    @EachBackend
    void closedWatchDeliversNothingMore(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        RecordingListener closed = new RecordingListener();
        Watch w = store.watch(WatchRequest.key("k", 0), closed);
        put(store, "k", "1");   // 2
        closed.awaitRevision(2);

        w.close();
        RecordingListener witness = watch(store, WatchRequest.key("k", 0));
        put(store, "k", "2");   // 3
        put(store, "k", "3");   // 4

        // The witness seeing revision 4 means the store has fanned it out; the closed watch got none of it.
        witness.awaitRevision(4);
        assertThat(closed.revisions()).containsExactly(2L);
        assertThat(closed.error()).isNull();
    }

    @EachBackend
    void everyWatcherSeesTheSameSequence(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        List<RecordingListener> watchers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            watchers.add(watch(store, WatchRequest.prefix("m/", 0)));
        }
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                String key = "m/" + w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        store.txn(txn(Op.put(key, "v" + i), Op.put(key + "/twin", "v" + i)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            writers.shutdownNow();
        }

        long last = store.currentRevision();
        List<WatchEvent> first = watchers.get(0).awaitRevision(last);
        assertThat(first).hasSize(400);
        assertThat(first.stream().map(WatchEvent::revision).distinct().toList()).isEqualTo(revisions(2, last));
        for (RecordingListener l : watchers) {
            assertThat(l.awaitRevision(last)).isEqualTo(first);
            assertThat(l.violations()).isEmpty();
        }
    }

    @EachBackend
    void slowWatcherIsCancelledWithoutBlockingWriters(Backends.Id backend) throws Exception {
        Store store = backends.open(backend, 100);
        long start = store.currentRevision() + 1;
        RecordingListener recorded = new RecordingListener();
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.watch(WatchRequest.prefix("s/", 0), new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                recorded.onEvents(events);
                stuck.countDown();
                awaitQuietly(release);
            }

            @Override
            public void onError(StoreException error) {
                recorded.onError(error);
            }
        });
        put(store, "s/first", "x");
        assertThat(stuck.await(30, TimeUnit.SECONDS)).as("the listener got its first events").isTrue();

        int puts = 2000;
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> writing = writer.submit(() -> {
                for (int i = 0; i < puts; i++) {
                    put(store, "s/" + (i % 10), "v" + i);
                }
            });
            // A safety net, not a benchmark: it fails only if writers wait for the stuck listener.
            writing.get(2, TimeUnit.MINUTES);
        } finally {
            release.countDown();
            writer.shutdownNow();
        }
        long last = store.currentRevision();
        assertThat(last).isEqualTo(start + puts);

        StoreException error = recorded.awaitError();
        assertThat(error).isInstanceOf(WatchCancelledException.class);
        long resume = ((WatchCancelledException) error).resumeRevision();
        List<WatchEvent> delivered = recorded.events();
        assertThat(delivered).allSatisfy(e -> assertThat(e.revision()).isLessThan(resume));

        List<Long> all = new ArrayList<>(recorded.revisions());
        all.addAll(resumeUntil(store, WatchRequest.prefix("s/", resume), last));
        assertThat(all).isEqualTo(revisions(start, last));
        assertThat(recorded.violations()).isEmpty();
    }

    /**
     * Watches from the request's revision until {@code last}, resuming each time the watch is
     * cancelled for falling behind (a backend may also count replayed history against the
     * backlog); every attempt must make progress. Returns the revisions seen, in order.
     */
    private static List<Long> resumeUntil(Store store, WatchRequest request, long last) {
        List<Long> seen = new ArrayList<>();
        WatchRequest next = request;
        while (seen.isEmpty() || seen.getLast() < last) {
            RecordingListener l = new RecordingListener();
            try (Watch w = store.watch(next, l)) {
                Poll.until("the watch reaches revision " + last + " or is cancelled", Poll.DEFAULT_TIMEOUT,
                        () -> l.lastRevision() >= last || l.error() != null, l::describe);
            }
            assertThat(l.violations()).isEmpty();
            assertThat(l.events()).as("a resumed watch makes progress").isNotEmpty();
            seen.addAll(l.revisions());
            if (l.lastRevision() < last) {
                assertThat(l.error()).isInstanceOf(WatchCancelledException.class);
                next = new WatchRequest(next.key(), next.rangeEnd(), ((WatchCancelledException) l.error()).resumeRevision(), next.prevKv());
            }
        }
        return seen;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @EachBackend
    void watchValuesAreTheWrittenBytes(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        RecordingListener l = watch(store, WatchRequest.key("bin", 0));
        byte[] value = {0, (byte) 0xff, 10, (byte) 0x80};
        store.put("bin", value);

        assertThat(l.awaitRevision(2).get(0).kv().value()).isEqualTo(value);
        assertThat(store.get("bin").value()).isEqualTo(value);
    }
}
