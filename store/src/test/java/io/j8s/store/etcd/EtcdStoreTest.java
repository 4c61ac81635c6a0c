package io.j8s.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.store.CompactedException;
import io.j8s.store.Compare;
import io.j8s.store.FutureRevisionException;
import io.j8s.store.InvalidRequestException;
import io.j8s.store.KeyValue;
import io.j8s.store.Keys;
import io.j8s.store.Lease;
import io.j8s.store.LeaseNotFoundException;
import io.j8s.store.Op;
import io.j8s.store.OpResult;
import io.j8s.store.RangeRequest;
import io.j8s.store.RangeResult;
import io.j8s.store.RequestTooLargeException;
import io.j8s.store.Requests;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import io.j8s.store.Txn;
import io.j8s.store.TxnResult;
import io.j8s.store.Watch;
import io.j8s.store.WatchCancelledException;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import io.j8s.store.WatchRequest;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The mapping of the store contract onto a real etcd: one fresh etcd per test. */
class EtcdStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private EtcdProcess etcd;
    private EtcdStore store;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startEtcd() throws Exception {
        etcd = EtcdProcess.start();
        store = EtcdStore.connect(etcd.endpoints());
    }

    @AfterEach
    void stopEtcd() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        if (store != null) store.close();
        if (etcd != null) etcd.stop();
    }

    // ---- range ----

    @Test
    void rangeFollowsTheKeyAndRangeEndConventions() {
        for (String k : List.of("a", "b/1", "b/2", "b/3", "c", "\u00e9", "\uD83D\uDE00")) {
            store.put(k, k.getBytes(UTF_8));
        }
        assertThat(keys(store.range(RangeRequest.key("b/2")))).containsExactly("b/2");
        assertThat(keys(store.range(RangeRequest.prefix("b/")))).containsExactly("b/1", "b/2", "b/3");
        assertThat(keys(store.range(RangeRequest.range("b/2", "c")))).containsExactly("b/2", "b/3");
        // Code point order: U+00E9 before U+1F600, both after ASCII.
        assertThat(keys(store.range(RangeRequest.range("c", Keys.ALL_AFTER)))).containsExactly("c", "\u00e9", "\uD83D\uDE00");

        RangeResult limited = store.range(RangeRequest.prefix("b/").withLimit(2));
        assertThat(keys(limited)).containsExactly("b/1", "b/2");
        assertThat(limited.count()).isEqualTo(3);
        assertThat(limited.more()).isTrue();
        assertThat(limited.revision()).isEqualTo(store.currentRevision());

        RangeResult counted = store.range(RangeRequest.prefix("b/").countingOnly());
        assertThat(counted.kvs()).isEmpty();
        assertThat(counted.count()).isEqualTo(3);

        assertThat(store.range(RangeRequest.prefix("b/").withKeysOnly()).kvs())
                .allSatisfy(kv -> assertThat(kv.value()).isEmpty());
    }

    @Test
    void rangeReadsPastRevisionsAndRefusesFutureOnes() {
        long first = store.put("k", bytes("v1"));
        store.put("k", bytes("v2"));
        KeyValue old = store.range(RangeRequest.key("k").atRevision(first)).kvs().get(0);
        assertThat(old).isEqualTo(new KeyValue("k", bytes("v1"), first, first, 1, 0));
        long current = store.currentRevision();
        assertThatThrownBy(() -> store.range(RangeRequest.key("k").atRevision(current + 1)))
                .isInstanceOf(FutureRevisionException.class);
    }

    // ---- txn ----

    @Test
    void txnResultsComeBackInTheOrderOfTheOps() {
        long before = store.put("p", bytes("old"));
        store.put("d", bytes("gone"));
        long rev = store.currentRevision();

        TxnResult r = store.txn(Txn.of(List.of(Compare.exists("p")), List.of(
                Op.get("p"),
                new Op.Put("p", bytes("new"), 0, true),
                new Op.Delete("d", null, true),
                Op.get("p"),
                new Op.Put("fresh", bytes("x"), 0, true),
                new Op.Delete("absent", null, false)), List.of()));

        assertThat(r.succeeded()).isTrue();
        assertThat(r.revision()).isEqualTo(rev + 1);
        assertThat(r.results()).hasSize(6);
        RangeResult beforeWrite = (RangeResult) r.results().get(0);
        assertThat(beforeWrite.kvs()).extracting(KeyValue::valueAsString).containsExactly("old");
        // etcd stamps a read in a txn with the revision it saw: before the first write, after it.
        assertThat(beforeWrite.revision()).isEqualTo(rev);
        assertThat(((OpResult.PutResult) r.results().get(1)).prevKv())
                .isEqualTo(new KeyValue("p", bytes("old"), before, before, 1, 0));
        OpResult.DeleteResult deleted = (OpResult.DeleteResult) r.results().get(2);
        assertThat(deleted.deleted()).isEqualTo(1);
        assertThat(deleted.prevKvs()).extracting(KeyValue::valueAsString).containsExactly("gone");
        RangeResult afterWrite = (RangeResult) r.results().get(3);
        assertThat(afterWrite.kvs()).extracting(KeyValue::valueAsString).containsExactly("new");
        assertThat(afterWrite.revision()).isEqualTo(rev + 1);
        assertThat(((OpResult.PutResult) r.results().get(4)).prevKv()).isNull();
        assertThat(r.results().get(5)).isEqualTo(new OpResult.DeleteResult(0, List.of()));
    }

    @Test
    void failedCompareRunsTheFailureBranchAndWritesNothingElse() {
        store.put("k", bytes("v"));
        long rev = store.currentRevision();

        TxnResult r = store.txn(Txn.create("k", bytes("other"), 0));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.revision()).isEqualTo(rev);
        assertThat(r.results()).singleElement().isInstanceOfSatisfying(RangeResult.class,
                got -> assertThat(got.kvs()).extracting(KeyValue::valueAsString).containsExactly("v"));
    }

    @Test
    void leaseComparesDecideTheBranchAsEtcdWould() {
        Lease lease = store.grantLease(30);
        store.txn(Txn.of(List.of(), List.of(new Op.Put("leased", bytes("v"), lease.id(), false)), List.of()));

        TxnResult same = store.txn(Txn.of(List.of(new Compare("leased", Compare.Target.LEASE, Compare.Op.EQUAL, lease.id())),
                List.of(Op.put("hit", "1")), List.of(Op.get("leased"))));
        TxnResult other = store.txn(Txn.of(List.of(new Compare("leased", Compare.Target.LEASE, Compare.Op.EQUAL, lease.id() + 1)),
                List.of(Op.put("hit", "2")), List.of(Op.get("leased"))));
        TxnResult absent = store.txn(Txn.of(List.of(new Compare("nothing", Compare.Target.LEASE, Compare.Op.EQUAL, 0),
                        Compare.exists("leased")),
                List.of(Op.put("hit", "3")), List.of()));

        assertThat(same.succeeded()).isTrue();
        assertThat(other.succeeded()).isFalse();
        assertThat(other.results()).singleElement().isInstanceOf(RangeResult.class);
        assertThat(absent.succeeded()).isTrue();
        assertThat(store.get("hit").valueAsString()).isEqualTo("3");
        assertThat(store.get("hit").version()).isEqualTo(2);
    }

    @Test
    void putWithAMissingLeaseFailsNamingTheLease() {
        Lease alive = store.grantLease(30);
        long missing = alive.id() + 12345;
        long rev = store.currentRevision();

        assertThatThrownBy(() -> store.txn(Txn.of(List.of(), List.of(
                new Op.Put("a", bytes("1"), alive.id(), false),
                new Op.Put("b", bytes("2"), missing, false)), List.of())))
                .isInstanceOf(LeaseNotFoundException.class)
                .hasMessageContaining(Long.toString(missing));
        assertThat(store.currentRevision()).isEqualTo(rev);
    }

    // ---- bad input ----

    record Bad(String name, Consumer<Store> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> badInput() {
        byte[] big = new byte[Requests.MAX_REQUEST_BYTES];
        return Stream.of(
                new Bad("empty key", s -> s.put("", bytes("v"))),
                new Bad("range end before key", s -> s.range(RangeRequest.range("b", "a"))),
                new Bad("negative revision", s -> s.range(RangeRequest.key("k").atRevision(-1))),
                new Bad("lone surrogate", s -> s.put("k\uD800", bytes("v"))),
                new Bad("duplicate key in a branch", s -> s.txn(Txn.of(List.of(),
                        List.of(Op.put("k", "1"), Op.put("k", "2")), List.of()))),
                new Bad("too many ops", s -> s.txn(Txn.of(List.of(),
                        IntStream.range(0, Requests.MAX_TXN_OPS + 1).mapToObj(i -> (Op) Op.put("k" + i, "v")).toList(), List.of()))),
                new Bad("over the size limit", s -> s.txn(Txn.of(List.of(),
                        List.of(Op.put("k", big), Op.put("k2", "v")), List.of()))),
                new Bad("watch with empty key", s -> s.watch(WatchRequest.key("", 0), new Recorder())),
                new Bad("non-positive lease TTL", s -> s.grantLease(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputIsRefusedAndNothingChanges(Bad bad) {
        store.put("k", bytes("v"));
        long rev = store.currentRevision();

        assertThatThrownBy(() -> bad.call.accept(store)).isInstanceOf(InvalidRequestException.class);

        assertThat(store.currentRevision()).isEqualTo(rev);
        assertThat(keys(store.range(RangeRequest.range("\u0001", Keys.ALL_AFTER)))).containsExactly("k");
        assertThat(store.leases()).isEmpty();
    }

    @Test
    void oversizedTxnIsRefusedAsTooLarge() {
        assertThatThrownBy(() -> store.put("k", new byte[Requests.MAX_REQUEST_BYTES]))
                .isInstanceOf(RequestTooLargeException.class);
    }

    // ---- compaction ----

    @Test
    void readsBelowTheCompactRevisionFailWithIt() {
        for (int i = 0; i < 6; i++) {
            store.put("k", bytes("v" + i));
        }
        assertThat(store.compactRevision()).isZero();

        store.compact(5);

        assertThat(store.compactRevision()).isEqualTo(5);
        assertThat(store.range(RangeRequest.key("k").atRevision(5)).kvs()).isNotEmpty();
        assertThatThrownBy(() -> store.range(RangeRequest.key("k").atRevision(3)))
                .isInstanceOfSatisfying(CompactedException.class, e -> assertThat(e.compactRevision()).isEqualTo(5));
        assertThatThrownBy(() -> store.compact(4))
                .isInstanceOfSatisfying(CompactedException.class, e -> assertThat(e.compactRevision()).isEqualTo(5));
        assertThatThrownBy(() -> store.compact(store.currentRevision() + 1)).isInstanceOf(FutureRevisionException.class);
    }

    @Test
    void anotherClientsCompactionIsFoundToo() {
        for (int i = 0; i < 6; i++) {
            store.put("k", bytes("v" + i));
        }
        store.compact(6);
        try (EtcdStore other = EtcdStore.connect(etcd.endpoints())) {
            // Knows of no compaction: has to discover it through etcd.
            assertThat(other.compactRevision()).isEqualTo(6);
            assertThatThrownBy(() -> other.range(RangeRequest.key("k").atRevision(2)))
                    .isInstanceOfSatisfying(CompactedException.class, e -> assertThat(e.compactRevision()).isEqualTo(6));
        }
    }

    @Test
    void watchFromACompactedRevisionFailsWithTheCompactRevision() {
        for (int i = 0; i < 4; i++) {
            store.put("k", bytes("v" + i));
        }
        store.compact(4);
        Recorder r = new Recorder();

        watch(WatchRequest.key("k", 2), r);

        await(() -> r.error() != null);
        assertThat(r.error()).isInstanceOfSatisfying(CompactedException.class, e -> assertThat(e.compactRevision()).isEqualTo(4));
        assertThat(r.events()).isEmpty();
    }

    // ---- watch ----

    @Test
    void watchFromNowSeesAWriteMadeRightAfterIt() {
        Recorder r = new Recorder();
        watch(WatchRequest.key("k", 0), r);
        long rev = store.put("k", bytes("v"));

        await(() -> r.events().size() == 1);
        assertThat(r.events().get(0).kv()).isEqualTo(new KeyValue("k", bytes("v"), rev, rev, 1, 0));
    }

    @Test
    void eventsOfOneTxnArriveTogetherInOpOrder() {
        Recorder r = new Recorder();
        watch(WatchRequest.prefix("t/", 0), r);
        store.put("t/0", bytes("before"));
        store.txn(Txn.of(List.of(), List.of(Op.put("t/c", "1"), Op.put("t/a", "2"), Op.delete("t/0"), Op.put("t/b", "3")), List.of()));

        await(() -> r.events().size() == 5);
        List<List<WatchEvent>> calls = r.calls();
        List<WatchEvent> txn = calls.stream().filter(c -> c.stream().anyMatch(e -> e.kv().key().equals("t/c"))).findFirst().orElseThrow();
        assertThat(txn).extracting(e -> e.kv().key()).containsExactly("t/c", "t/a", "t/0", "t/b");
        assertThat(txn).extracting(WatchEvent::revision).containsOnly(txn.get(0).revision());
    }

    @Test
    void deleteEventsCarryTheKeyAndDeleteRevisionOnly() {
        long created = store.put("k", bytes("v"));
        Recorder r = new Recorder();
        watch(WatchRequest.key("k", created).withPrevKv(), r);
        long deletedAt = store.txn(Txn.of(List.of(), List.of(Op.delete("k")), List.of())).revision();

        await(() -> r.events().size() == 2);
        WatchEvent put = r.events().get(0);
        assertThat(put.type()).isEqualTo(WatchEvent.Type.PUT);
        assertThat(put.prevKv()).isNull();
        WatchEvent delete = r.events().get(1);
        assertThat(delete.type()).isEqualTo(WatchEvent.Type.DELETE);
        assertThat(delete.kv()).isEqualTo(new KeyValue("k", new byte[0], 0, deletedAt, 0, 0));
        assertThat(delete.prevKv()).isEqualTo(new KeyValue("k", bytes("v"), created, created, 1, 0));
    }

    @Test
    void slowWatcherIsCancelledWithARevisionToResumeFromWithoutAGap() {
        int backlog = 5;
        try (EtcdStore small = EtcdStore.connect(EtcdStore.Options.defaults(etcd.endpoints()).withWatchBacklog(backlog))) {
            long start = store.currentRevision() + 1;
            CountDownLatch release = new CountDownLatch(1);
            Recorder slow = new Recorder(release);
            EtcdWatch w = (EtcdWatch) small.watch(WatchRequest.prefix("s/", start), slow);
            toClose.add(w);
            List<Long> written = new ArrayList<>();
            written.add(store.put("s/first", bytes("v")));
            await(slow::blocked);
            // The listener is stuck in its first call; write until the backlog overflows.
            for (int i = 0; !w.ending() && i < 1000; i++) {
                written.add(store.put("s/" + i, bytes("v")));
            }
            assertThat(w.ending()).isTrue();
            release.countDown();
            await(() -> slow.error() != null);

            assertThat(slow.error()).isInstanceOf(WatchCancelledException.class);
            long resume = ((WatchCancelledException) slow.error()).resumeRevision();
            assertThat(slow.events()).extracting(WatchEvent::revision).allMatch(rev -> rev < resume);

            Recorder rest = new Recorder();
            watch(WatchRequest.prefix("s/", resume), rest);
            int seen = slow.events().size();
            await(() -> seen + rest.events().size() == written.size());
            List<Long> all = new ArrayList<>();
            slow.events().forEach(e -> all.add(e.revision()));
            rest.events().forEach(e -> all.add(e.revision()));
            assertThat(all).isEqualTo(written);
        }
    }

    @Test
    void closedWatchDeliversNothingMore() {
        Recorder r = new Recorder();
        Watch w = store.watch(WatchRequest.key("k", 0), r);
        store.put("k", bytes("1"));
        await(() -> r.events().size() == 1);

        w.close();
        store.put("k", bytes("2"));
        Recorder after = new Recorder();
        watch(WatchRequest.key("k", 0), after);
        store.put("k", bytes("3"));
        await(() -> after.events().size() == 1);

        assertThat(r.events()).hasSize(1);
        assertThat(r.error()).isNull();
    }

    // ---- leases ----

    @Test
    void expiredLeaseDeletesItsKeys() {
        Lease lease = store.grantLease(1);
        assertThat(lease.ttlSeconds()).isEqualTo(1);
        store.txn(Txn.of(List.of(), List.of(new Op.Put("leased", bytes("v"), lease.id(), false)), List.of()));
        assertThat(store.leases()).containsExactly(lease);

        await(() -> store.get("leased") == null);

        assertThat(store.leases()).isEmpty();
        assertThatThrownBy(() -> store.keepAlive(lease.id())).isInstanceOf(LeaseNotFoundException.class);
    }

    @Test
    void keepAliveRenewsAndRevokeDeletesKeys() {
        Lease lease = store.grantLease(20);
        Lease other = store.grantLease(30);
        store.txn(Txn.of(List.of(), List.of(new Op.Put("leased", bytes("v"), lease.id(), false)), List.of()));

        assertThat(store.keepAlive(lease.id())).isEqualTo(20);
        assertThat(store.leases()).containsExactly(Stream.of(lease, other).sorted((a, b) -> Long.compare(a.id(), b.id())).toArray(Lease[]::new));

        store.revokeLease(lease.id());

        assertThat(store.get("leased")).isNull();
        assertThat(store.leases()).containsExactly(other);
        assertThatThrownBy(() -> store.revokeLease(lease.id())).isInstanceOf(LeaseNotFoundException.class);
    }

    // ---- snapshot, restart ----

    @Test
    void snapshotRestoresTheSameKeysAndRevisions(@TempDir Path tmp) throws Exception {
        store.put("a", bytes("1"));
        store.put("b", bytes("2"));
        store.put("a", bytes("3"));
        store.delete("b");
        long rev = store.currentRevision();
        RangeResult before = store.range(RangeRequest.range("\u0001", Keys.ALL_AFTER));
        Path file = tmp.resolve("etcd.snapshot");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.snapshot(out);
        }

        try (EtcdProcess restored = EtcdProcess.restoreFrom(file); EtcdStore copy = EtcdStore.connect(restored.endpoints())) {
            assertThat(copy.currentRevision()).isEqualTo(rev);
            assertThat(copy.range(RangeRequest.range("\u0001", Keys.ALL_AFTER)).kvs()).isEqualTo(before.kvs());
        }
    }

    @Test
    void backendReopenKeepsDataAcrossAnEtcdRestart() throws Exception {
        try (EtcdBackend backend = new EtcdBackend()) {
            Store s = backend.open();
            assertThat(s.currentRevision()).isEqualTo(1);
            long rev = s.put("k", bytes("v"));

            Store again = backend.reopen(s);

            assertThat(again.get("k")).isEqualTo(new KeyValue("k", bytes("v"), rev, rev, 1, 0));
            assertThat(again.currentRevision()).isEqualTo(rev);
            again.close();
            assertThatThrownBy(() -> backend.reopen(again)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closedStoreEndsItsWatchesAndRefusesCalls() {
        Recorder r = new Recorder();
        store.watch(WatchRequest.key("k", 0), r);

        store.close();

        await(() -> r.error() != null);
        assertThat(r.error()).isExactlyInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.currentRevision()).isInstanceOf(StoreException.class);
    }

    // ---- helpers ----

    private void watch(WatchRequest request, WatchListener listener) {
        toClose.add(store.watch(request, listener));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> keys(RangeResult r) {
        return r.kvs().stream().map(KeyValue::key).toList();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Records what a watch delivers; optionally blocks in its first onEvents until released. */
    static final class Recorder implements WatchListener {
        private final CountDownLatch release;
        private final List<List<WatchEvent>> calls = new ArrayList<>();
        private volatile StoreException error;
        private volatile boolean blocked;

        Recorder() {
            this(new CountDownLatch(0));
        }

        Recorder(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void onEvents(List<WatchEvent> events) {
            assertThat(events).isNotEmpty();
            synchronized (this) {
                calls.add(events);
            }
            blocked = true;
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onError(StoreException e) {
            error = e;
        }

        synchronized List<List<WatchEvent>> calls() {
            return List.copyOf(calls);
        }

        synchronized List<WatchEvent> events() {
            return calls.stream().flatMap(List::stream).toList();
        }

        StoreException error() {
            return error;
        }

        boolean blocked() {
            return blocked;
        }
    }
}
