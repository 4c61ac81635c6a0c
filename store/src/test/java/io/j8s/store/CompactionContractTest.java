package io.j8s.store;

import static io.j8s.store.Fixtures.all;
import static io.j8s.store.Fixtures.allAt;
import static io.j8s.store.Fixtures.kv;
import static io.j8s.store.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Compaction: revision C stays readable, earlier ones are gone, and nothing current is lost. */
class CompactionContractTest {

    @RegisterExtension
    static final Backends backends = new Backends();

    /** a@2, b@3, a@4 (overwrite), b deleted @5, c@6. */
    private static Store storeWithHistory(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "a", "1");
        put(store, "b", "1");
        put(store, "a", "2");
        store.delete("b");
        put(store, "c", "1");
        return store;
    }

    @EachBackend
    void readBelowTheCompactRevisionFailsWithCompactRevision(Backends.Id backend) throws Exception {
        Store store = storeWithHistory(backend);

        store.compact(4);

        assertThat(store.compactRevision()).isEqualTo(4);
        assertThatThrownBy(() -> store.range(Fixtures.ALL.atRevision(3)))
                .isInstanceOfSatisfying(CompactedException.class, e -> assertThat(e.compactRevision()).isEqualTo(4));
        assertThatThrownBy(() -> store.range(RangeRequest.key("a").atRevision(1)))
                .isInstanceOf(CompactedException.class);
    }

    @EachBackend
    void compactRevisionItselfStaysReadable(Backends.Id backend) throws Exception {
        Store store = storeWithHistory(backend);

        store.compact(4);

        assertThat(allAt(store, 4)).containsExactly(kv("a", "2", 2, 4, 2), kv("b", "1", 3, 3, 1));
        assertThat(allAt(store, 5)).containsExactly(kv("a", "2", 2, 4, 2));
        assertThat(store.range(RangeRequest.key("b").atRevision(4)).count()).isEqualTo(1);
    }

    @EachBackend
    void compactingAtOrBelowTheCompactRevisionFails(Backends.Id backend) throws Exception {
        Store store = storeWithHistory(backend);
        store.compact(4);

        assertThatThrownBy(() -> store.compact(4))
                .isInstanceOfSatisfying(CompactedException.class, e -> assertThat(e.compactRevision()).isEqualTo(4));
        assertThatThrownBy(() -> store.compact(3)).isInstanceOf(CompactedException.class);
        assertThat(store.compactRevision()).isEqualTo(4);

        store.compact(5);
        assertThat(store.compactRevision()).isEqualTo(5);
    }

    @EachBackend
    void compactingAFutureRevisionFails(Backends.Id backend) throws Exception {
        Store store = storeWithHistory(backend);

        assertThatThrownBy(() -> store.compact(7)).isInstanceOf(FutureRevisionException.class);

        assertThat(store.compactRevision()).isZero();
        assertThat(allAt(store, 2)).containsExactly(kv("a", "1", 2, 2, 1));
    }

    @EachBackend
    void currentDataIsIntactAfterCompactingAtTheCurrentRevision(Backends.Id backend) throws Exception {
        Store store = storeWithHistory(backend);
        List<KeyValue> before = all(store);

        store.compact(store.currentRevision());

        assertThat(all(store)).isEqualTo(before);
        assertThat(store.currentRevision()).isEqualTo(6);
        assertThat(store.get("b")).isNull();
        // Keys live on with their create revisions and versions.
        assertThat(put(store, "a", "3")).isEqualTo(7);
        assertThat(store.get("a")).isEqualTo(kv("a", "3", 2, 7, 3));
        assertThat(put(store, "b", "2")).isEqualTo(8);
        assertThat(store.get("b")).isEqualTo(kv("b", "2", 8, 8, 1));
        // A compare sees a deleted key as absent after compaction too.
        assertThat(store.txn(Txn.create("gone", new byte[0], 0)).succeeded()).isTrue();
    }

    @EachBackend
    void rangeOfSingleKeyBelowCompactRevisionIsCompactedEvenIfTheKeyIsGone(Backends.Id backend) throws Exception {
        Store store = storeWithHistory(backend);
        store.compact(6);

        assertThatThrownBy(() -> store.range(RangeRequest.key("missing").atRevision(5)))
                .isInstanceOf(CompactedException.class);
        assertThat(store.range(RangeRequest.key("missing").atRevision(6)).kvs()).isEmpty();
    }
}
