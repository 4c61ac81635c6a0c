package io.j8s.store;

import static io.j8s.store.Fixtures.all;
import static io.j8s.store.Fixtures.kv;
import static io.j8s.store.Fixtures.put;
import static io.j8s.store.Fixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The global revision and each key's createRevision, modRevision and version, as etcd keeps them. */
class RevisionContractTest {

    @RegisterExtension
    static final Backends backends = new Backends();

    @EachBackend
    void emptyStoreIsAtRevisionOne(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);

        assertThat(store.currentRevision()).isEqualTo(1);
        assertThat(store.compactRevision()).isZero();
        RangeResult r = store.range(Fixtures.ALL);
        assertThat(r.kvs()).isEmpty();
        assertThat(r.count()).isZero();
        assertThat(r.revision()).isEqualTo(1);
    }

    @EachBackend
    void eachWritingTxnAdvancesTheRevisionByOne(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);

        assertThat(put(store, "a", "1")).isEqualTo(2);
        assertThat(put(store, "b", "1")).isEqualTo(3);
        assertThat(put(store, "a", "2")).isEqualTo(4);
        assertThat(store.delete("b")).isEqualTo(1);
        assertThat(store.currentRevision()).isEqualTo(5);
        TxnResult multi = store.txn(txn(Op.put("c", "1"), Op.put("d", "1"), Op.delete("a")));
        assertThat(multi.revision()).isEqualTo(6);
        assertThat(store.currentRevision()).isEqualTo(6);
    }

    @EachBackend
    void txnThatWritesNothingLeavesTheRevision(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "a", "1");

        TxnResult failedWithoutElse = store.txn(Txn.of(List.of(Compare.absent("a")), List.of(Op.put("a", "2")), List.of()));
        assertThat(failedWithoutElse.succeeded()).isFalse();
        assertThat(failedWithoutElse.results()).isEmpty();
        assertThat(failedWithoutElse.revision()).isEqualTo(2);

        assertThat(store.delete("missing")).isZero();
        TxnResult deleteNothing = store.txn(txn(Op.deletePrefix("nothing/")));
        assertThat(deleteNothing.revision()).isEqualTo(2);
        TxnResult readOnly = store.txn(txn(Op.get("a")));
        assertThat(readOnly.revision()).isEqualTo(2);

        assertThat(store.currentRevision()).isEqualTo(2);
        assertThat(all(store)).containsExactly(kv("a", "1", 2, 2, 1));
    }

    @EachBackend
    void opsOfOneTxnShareOneModRevision(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "gone", "x");
        put(store, "b", "old");

        TxnResult r = store.txn(txn(Op.put("a", "1"), Op.put("b", "2"), Op.delete("gone"), Op.put("c", "3")));

        assertThat(r.succeeded()).isTrue();
        assertThat(r.revision()).isEqualTo(4);
        assertThat(all(store)).containsExactly(
                kv("a", "1", 4, 4, 1),
                kv("b", "2", 3, 4, 2),
                kv("c", "3", 4, 4, 1));
    }

    @EachBackend
    void createRevisionModRevisionAndVersionFollowTheKeysLife(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);

        put(store, "k", "v1");
        assertThat(store.get("k")).isEqualTo(kv("k", "v1", 2, 2, 1));
        put(store, "k", "v2");
        assertThat(store.get("k")).isEqualTo(kv("k", "v2", 2, 3, 2));
        put(store, "other", "x");
        assertThat(store.get("k")).isEqualTo(kv("k", "v2", 2, 3, 2));
        store.delete("k");
        assertThat(store.get("k")).isNull();
        // Recreated: a new life, so version restarts at 1 and createRevision is the new put's.
        put(store, "k", "v3");
        assertThat(store.get("k")).isEqualTo(kv("k", "v3", 6, 6, 1));
        put(store, "k", "v4");
        assertThat(store.get("k")).isEqualTo(kv("k", "v4", 6, 7, 2));
    }
}
