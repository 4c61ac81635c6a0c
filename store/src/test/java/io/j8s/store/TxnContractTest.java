package io.j8s.store;

import static io.j8s.store.Fixtures.bytes;
import static io.j8s.store.Fixtures.kv;
import static io.j8s.store.Fixtures.put;
import static io.j8s.store.Fixtures.putWithLease;
import static io.j8s.store.Fixtures.putWithPrevKv;
import static io.j8s.store.Fixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.store.Compare.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transactions: compares (on absent keys too), both branches, results, prevKv, and CAS under contention. */
class TxnContractTest {

    @RegisterExtension
    static final Backends backends = new Backends();

    @EachBackend
    void createSucceedsOnlyWhileTheKeyIsAbsent(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);

        TxnResult first = store.txn(Txn.create("k", bytes("v1"), 0));
        assertThat(first.succeeded()).isTrue();
        assertThat(first.revision()).isEqualTo(2);
        assertThat(first.results()).containsExactly(new OpResult.PutResult(null));

        TxnResult second = store.txn(Txn.create("k", bytes("v2"), 0));
        assertThat(second.succeeded()).isFalse();
        assertThat(second.revision()).isEqualTo(2);
        assertThat(second.results()).containsExactly(new RangeResult(List.of(kv("k", "v1", 2, 2, 1)), 1, false, 2));
    }

    @EachBackend
    void updateSucceedsAtTheCurrentModRevisionAndFailsAtAStaleOne(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        long created = put(store, "k", "v1");
        put(store, "k", "v2");

        TxnResult stale = store.txn(Txn.update("k", created, bytes("lost"), 0));
        assertThat(stale.succeeded()).isFalse();
        assertThat(stale.results()).containsExactly(new RangeResult(List.of(kv("k", "v2", 2, 3, 2)), 1, false, 3));

        TxnResult fresh = store.txn(Txn.update("k", 3, bytes("v3"), 0));
        assertThat(fresh.succeeded()).isTrue();
        assertThat(fresh.revision()).isEqualTo(4);
        assertThat(fresh.results()).containsExactly(new OpResult.PutResult(kv("k", "v2", 2, 3, 2)));
        assertThat(store.get("k")).isEqualTo(kv("k", "v3", 2, 4, 3));
    }

    @EachBackend
    void deleteIfDeletesOnlyAtTheExpectedModRevision(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "k", "v1");
        put(store, "k", "v2");

        TxnResult stale = store.txn(Txn.deleteIf("k", 2));
        assertThat(stale.succeeded()).isFalse();
        assertThat(store.get("k")).isNotNull();

        TxnResult fresh = store.txn(Txn.deleteIf("k", 3));
        assertThat(fresh.succeeded()).isTrue();
        assertThat(fresh.results()).containsExactly(new OpResult.DeleteResult(1, List.of(kv("k", "v2", 2, 3, 2))));
        assertThat(store.get("k")).isNull();
        assertThat(store.currentRevision()).isEqualTo(4);
    }

    record CompareCase(String name, Compare compare, boolean holds) {}

    @EachBackend
    void comparesSeeAbsentKeysAsZero(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "other", "x");

        assertCompares(store, List.of(
                new CompareCase("version = 0", Compare.version("absent", Compare.Op.EQUAL, 0), true),
                new CompareCase("create = 0", Compare.absent("absent"), true),
                new CompareCase("mod = 0", Compare.modRevision("absent", Compare.Op.EQUAL, 0), true),
                new CompareCase("lease = 0", new Compare("absent", Target.LEASE, Compare.Op.EQUAL, 0), true),
                new CompareCase("exists", Compare.exists("absent"), false),
                new CompareCase("mod < 1", Compare.modRevision("absent", Compare.Op.LESS, 1), true),
                new CompareCase("version != 0", Compare.version("absent", Compare.Op.NOT_EQUAL, 0), false)));
    }

    @EachBackend
    void compareOperatorsApplyToEachTarget(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "k", "v1");   // create 2
        put(store, "x", "v1");
        put(store, "k", "v2");   // mod 4, version 2

        assertCompares(store, List.of(
                new CompareCase("version = 2", Compare.version("k", Compare.Op.EQUAL, 2), true),
                new CompareCase("version = 1", Compare.version("k", Compare.Op.EQUAL, 1), false),
                new CompareCase("version != 1", Compare.version("k", Compare.Op.NOT_EQUAL, 1), true),
                new CompareCase("version != 2", Compare.version("k", Compare.Op.NOT_EQUAL, 2), false),
                new CompareCase("version < 3", Compare.version("k", Compare.Op.LESS, 3), true),
                new CompareCase("version < 2", Compare.version("k", Compare.Op.LESS, 2), false),
                new CompareCase("version > 1", Compare.version("k", Compare.Op.GREATER, 1), true),
                new CompareCase("version > 2", Compare.version("k", Compare.Op.GREATER, 2), false),
                new CompareCase("mod = 4", Compare.modRevision("k", Compare.Op.EQUAL, 4), true),
                new CompareCase("mod = 2", Compare.modRevision("k", Compare.Op.EQUAL, 2), false),
                new CompareCase("mod > 3", Compare.modRevision("k", Compare.Op.GREATER, 3), true),
                new CompareCase("mod < 4", Compare.modRevision("k", Compare.Op.LESS, 4), false),
                new CompareCase("create = 2", new Compare("k", Target.CREATE_REVISION, Compare.Op.EQUAL, 2), true),
                new CompareCase("create != 2", new Compare("k", Target.CREATE_REVISION, Compare.Op.NOT_EQUAL, 2), false),
                new CompareCase("create < 3", new Compare("k", Target.CREATE_REVISION, Compare.Op.LESS, 3), true),
                new CompareCase("lease = 0", new Compare("k", Target.LEASE, Compare.Op.EQUAL, 0), true)));
    }

    @EachBackend
    void leaseCompareMatchesTheAttachedLease(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        Lease lease = store.grantLease(60);
        store.txn(txn(putWithLease("k", "v", lease.id())));

        assertCompares(store, List.of(
                new CompareCase("lease = id", new Compare("k", Target.LEASE, Compare.Op.EQUAL, lease.id()), true),
                new CompareCase("lease = 0", new Compare("k", Target.LEASE, Compare.Op.EQUAL, 0), false),
                new CompareCase("lease != 0", new Compare("k", Target.LEASE, Compare.Op.NOT_EQUAL, 0), true)));
    }

    /** Each compare alone guards a txn; whether the success branch ran tells whether it held. */
    private static void assertCompares(Store store, List<CompareCase> cases) {
        long revision = store.currentRevision();
        List<String> wrong = new ArrayList<>();
        for (CompareCase c : cases) {
            if (store.txn(Txn.of(List.of(c.compare()), List.of(Op.get("k")), List.of())).succeeded() != c.holds()) {
                wrong.add(c.name() + (c.holds() ? " should hold" : " should not hold"));
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(store.currentRevision()).as("read-only txns write nothing").isEqualTo(revision);
    }

    @EachBackend
    void everyCompareMustHoldForTheSuccessBranch(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "a", "1");

        TxnResult r = store.txn(Txn.of(
                List.of(Compare.exists("a"), Compare.exists("b")),
                List.of(Op.put("chosen", "success")),
                List.of(Op.put("chosen", "failure"))));

        assertThat(r.succeeded()).isFalse();
        assertThat(store.get("chosen").valueAsString()).isEqualTo("failure");
    }

    @EachBackend
    void elseBranchRunsAndReturnsItsResults(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "a", "1");
        put(store, "old", "x");

        TxnResult r = store.txn(Txn.of(
                List.of(Compare.absent("a")),
                List.of(Op.put("never", "1")),
                List.of(putWithPrevKv("a", "2"), new Op.Delete("old", null, true), Op.get("a"))));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.revision()).isEqualTo(4);
        assertThat(r.results()).containsExactly(
                new OpResult.PutResult(kv("a", "1", 2, 2, 1)),
                new OpResult.DeleteResult(1, List.of(kv("old", "x", 3, 3, 1))),
                new RangeResult(List.of(kv("a", "2", 2, 4, 2)), 1, false, 4));
        assertThat(store.get("never")).isNull();
    }

    @EachBackend
    void resultsFollowOpOrderAcrossOpTypes(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "p/1", "x");
        put(store, "p/2", "x");

        TxnResult r = store.txn(txn(
                Op.put("a", "1"),
                Op.deletePrefix("p/"),
                new Op.Get(RangeRequest.prefix("p/").countingOnly()),
                Op.put("b", "1"),
                Op.delete("missing"),
                Op.get("b")));

        assertThat(r.results()).hasSize(6);
        assertThat(r.results().get(0)).isInstanceOf(OpResult.PutResult.class);
        assertThat(r.results().get(1)).isEqualTo(new OpResult.DeleteResult(2, List.of()));
        assertThat(r.results().get(2)).isEqualTo(new RangeResult(List.of(), 0, false, 4));
        assertThat(r.results().get(3)).isInstanceOf(OpResult.PutResult.class);
        assertThat(r.results().get(4)).isEqualTo(new OpResult.DeleteResult(0, List.of()));
        assertThat(r.results().get(5)).isEqualTo(new RangeResult(List.of(kv("b", "1", 4, 4, 1)), 1, false, 4));
    }

    @EachBackend
    void putReturnsThePreviousValueWhenAsked(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);

        TxnResult created = store.txn(txn(putWithPrevKv("k", "v1")));
        assertThat(created.results()).containsExactly(new OpResult.PutResult(null));
        TxnResult replaced = store.txn(txn(putWithPrevKv("k", "v2")));
        assertThat(replaced.results()).containsExactly(new OpResult.PutResult(kv("k", "v1", 2, 2, 1)));
        TxnResult notAsked = store.txn(txn(Op.put("k", "v3")));
        assertThat(notAsked.results()).containsExactly(new OpResult.PutResult(null));
    }

    @EachBackend
    void deleteRangeCountsTheKeysAndReturnsThemWhenAsked(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "d/b", "2");
        put(store, "d/a", "1");
        put(store, "d/c", "3");
        put(store, "e", "x");

        TxnResult withPrev = store.txn(txn(new Op.Delete("d/a", "d/c", true)));
        assertThat(withPrev.results()).containsExactly(new OpResult.DeleteResult(2,
                List.of(kv("d/a", "1", 3, 3, 1), kv("d/b", "2", 2, 2, 1))));

        TxnResult withoutPrev = store.txn(txn(new Op.Delete("d/", Keys.ALL_AFTER, false)));
        assertThat(withoutPrev.results()).containsExactly(new OpResult.DeleteResult(2, List.of()));
        assertThat(Fixtures.all(store)).isEmpty();
    }

    @EachBackend
    void getInsideTxnSeesTheTxnsEarlierWrites(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "a", "old");
        put(store, "b", "x");

        TxnResult r = store.txn(txn(Op.get("a"), Op.put("a", "new"), Op.get("a"), Op.delete("b"), Op.get("b"),
                new Op.Get(RangeRequest.range("a", Keys.ALL_AFTER))));

        // As etcd: a read before the txn's first write reports the revision before it; after, the new one.
        assertThat(r.results().get(0)).isEqualTo(new RangeResult(List.of(kv("a", "old", 2, 2, 1)), 1, false, 3));
        assertThat(r.results().get(2)).isEqualTo(new RangeResult(List.of(kv("a", "new", 2, 4, 2)), 1, false, 4));
        assertThat(r.results().get(4)).isEqualTo(new RangeResult(List.of(), 0, false, 4));
        assertThat(r.results().get(5)).isEqualTo(new RangeResult(List.of(kv("a", "new", 2, 4, 2)), 1, false, 4));
    }

    @EachBackend
    void concurrentCasIncrementsLoseNoUpdate(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        store.txn(Txn.create("counter", bytes("0"), 0));
        int threads = 4;
        int incrementsEach = 50;

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> increment(store, incrementsEach)));
            }
            for (Future<?> f : workers) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        KeyValue counter = store.get("counter");
        assertThat(counter.valueAsString()).isEqualTo(String.valueOf(threads * incrementsEach));
        assertThat(counter.version()).isEqualTo(1 + threads * incrementsEach);
        // Failed CASes write nothing: one revision per successful increment.
        assertThat(store.currentRevision()).isEqualTo(2 + threads * incrementsEach);
    }

    /** Increments "counter" {@code times} times by compare-and-swap, retrying each lost race. */
    private static void increment(Store store, int times) {
        KeyValue current = store.get("counter");
        for (int done = 0; done < times; ) {
            long next = Long.parseLong(current.valueAsString()) + 1;
            TxnResult r = store.txn(Txn.update("counter", current.modRevision(), bytes(Long.toString(next)), 0));
            if (r.succeeded()) {
                done++;
                current = store.get("counter");
            } else {
                current = ((RangeResult) r.results().get(0)).kvs().get(0);
            }
        }
    }
}
