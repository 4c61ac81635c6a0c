package io.j8s.store;

import static io.j8s.store.Fixtures.all;
import static io.j8s.store.Fixtures.keys;
import static io.j8s.store.Fixtures.put;
import static io.j8s.store.Fixtures.putWithLease;
import static io.j8s.store.Fixtures.tombstone;
import static io.j8s.store.Fixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.j8s.store.WatchEvent.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leases: grant, attach, keep alive, revoke and expiry, each deleting the lease's keys. */
class LeaseContractTest {

    @RegisterExtension
    static final Backends backends = new Backends();

    private static List<Long> leaseIds(Store store) {
        return store.leases().stream().map(Lease::id).toList();
    }

    @EachBackend
    void grantedLeaseIsListedUntilRevoked(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);

        Lease a = store.grantLease(60);
        Lease b = store.grantLease(120);

        assertThat(a.id()).isNotZero().isNotEqualTo(b.id());
        assertThat(a.ttlSeconds()).isEqualTo(60);
        assertThat(leaseIds(store)).containsExactlyInAnyOrder(a.id(), b.id());
        store.revokeLease(a.id());
        assertThat(leaseIds(store)).containsExactly(b.id());
        assertThatThrownBy(() -> store.revokeLease(a.id())).isInstanceOf(LeaseNotFoundException.class);
        assertThatThrownBy(() -> store.keepAlive(a.id())).isInstanceOf(LeaseNotFoundException.class);
    }

    @EachBackend
    void keepAliveRenewsToTheFullTtl(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        Lease lease = store.grantLease(30);

        assertThat(store.keepAlive(lease.id())).isEqualTo(30);
        assertThatThrownBy(() -> store.keepAlive(lease.id() + 1_000_003)).isInstanceOf(LeaseNotFoundException.class);
    }

    @EachBackend
    void revokingALeaseDeletesItsKeysInOneRevision(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        Lease lease = store.grantLease(60);
        store.txn(txn(putWithLease("l/a", "1", lease.id()), putWithLease("l/b", "1", lease.id()), Op.put("l/c", "1")));   // 2
        assertThat(store.get("l/a").lease()).isEqualTo(lease.id());
        RecordingListener l = new RecordingListener();
        store.watch(WatchRequest.prefix("l/", 0).withPrevKv(), l);

        store.revokeLease(lease.id());

        // As etcd: one revision, deleting in key order.
        assertThat(store.currentRevision()).isEqualTo(3);
        assertThat(keys(all(store))).containsExactly("l/c");
        List<WatchEvent> events = l.awaitRevision(3);
        assertThat(events).extracting(WatchEvent::type, WatchEvent::kv)
                .containsExactly(tuple(Type.DELETE, tombstone("l/a", 3)), tuple(Type.DELETE, tombstone("l/b", 3)));
        assertThat(events).allSatisfy(e -> assertThat(e.prevKv().lease()).isEqualTo(lease.id()));
    }

    @EachBackend
    void revokingALeaseWithoutKeysWritesNothing(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "k", "v");
        Lease lease = store.grantLease(60);

        store.revokeLease(lease.id());

        assertThat(store.currentRevision()).isEqualTo(2);
    }

    @EachBackend
    void reputWithoutLeaseDetachesTheKey(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        Lease lease = store.grantLease(60);
        store.txn(txn(putWithLease("k", "leased", lease.id())));
        put(store, "k", "free");
        assertThat(store.get("k").lease()).isZero();

        store.revokeLease(lease.id());

        assertThat(store.get("k").valueAsString()).isEqualTo("free");
        assertThat(store.currentRevision()).isEqualTo(3);
    }

    @EachBackend
    void expiredLeaseDeletesItsKeys(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        Lease lease = store.grantLease(1);
        store.txn(txn(putWithLease("e/a", "1", lease.id()), putWithLease("e/b", "1", lease.id())));   // 2
        put(store, "e/kept", "1");                                                                         // 3
        RecordingListener l = new RecordingListener();
        store.watch(WatchRequest.prefix("e/", 0), l);

        // etcd rounds a short TTL up to its minimum (2 s by default) and checks expiry twice a second.
        Poll.until("the lease's keys are deleted", Duration.ofSeconds(15), () -> store.get("e/a") == null);

        assertThat(keys(all(store))).containsExactly("e/kept");
        assertThat(l.awaitEvents(2)).extracting(e -> e.type() + " " + e.kv().key())
                .containsExactly("DELETE e/a", "DELETE e/b");
        assertThat(l.events()).extracting(WatchEvent::revision).containsOnly(4L);
        assertThat(leaseIds(store)).doesNotContain(lease.id());
        assertThatThrownBy(() -> store.keepAlive(lease.id())).isInstanceOf(LeaseNotFoundException.class);
    }

    @EachBackend
    void keepAliveHoldsOffExpiry(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        Lease lease = store.grantLease(2);
        store.txn(txn(putWithLease("k", "v", lease.id())));

        // Time passing is what is under test here: keep the lease alive for twice its TTL.
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() - end < 0) {
            store.keepAlive(lease.id());
            assertThat(store.get("k")).isNotNull();
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        }

        assertThat(leaseIds(store)).contains(lease.id());
    }

    @EachBackend
    void putWithUnknownLeaseIsRefusedAndWritesNothing(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        Lease revoked = store.grantLease(60);
        store.revokeLease(revoked.id());

        assertThatThrownBy(() -> store.txn(txn(Op.put("a", "1"), putWithLease("b", "1", 987_654_321L))))
                .isInstanceOf(LeaseNotFoundException.class);
        assertThatThrownBy(() -> store.txn(txn(putWithLease("c", "1", revoked.id()))))
                .isInstanceOf(LeaseNotFoundException.class);

        assertThat(store.currentRevision()).isEqualTo(1);
        assertThat(all(store)).isEmpty();
    }

    @EachBackend
    void leaseOfTheBranchNotTakenIsNotChecked(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "a", "1");

        TxnResult r = store.txn(Txn.of(List.of(Compare.absent("a")),
                List.of(putWithLease("b", "1", 987_654_321L)), List.of(Op.put("c", "1"))));

        assertThat(r.succeeded()).isFalse();
        assertThat(keys(all(store))).containsExactly("a", "c");
    }
}
