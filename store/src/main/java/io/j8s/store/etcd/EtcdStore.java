package io.j8s.store.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.WatchOption;
import io.j8s.store.CompactedException;
import io.j8s.store.FutureRevisionException;
import io.j8s.store.InvalidRequestException;
import io.j8s.store.Lease;
import io.j8s.store.LeaseNotFoundException;
import io.j8s.store.RangeRequest;
import io.j8s.store.RangeResult;
import io.j8s.store.Requests;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import io.j8s.store.Txn;
import io.j8s.store.TxnResult;
import io.j8s.store.Watch;
import io.j8s.store.WatchListener;
import io.j8s.store.WatchRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The store on a real etcd cluster, through jetcd. See the package documentation for its gaps. */
public final class EtcdStore implements Store {

    /**
     * @param endpoints etcd client URLs, e.g. {@code http://127.0.0.1:2379}
     * @param requestTimeout how long one call may wait for etcd before failing
     * @param watchBacklog events a watcher may have pending before it is cancelled as too slow
     */
    public record Options(List<String> endpoints, Duration requestTimeout, int watchBacklog) {
        public Options {
            endpoints = List.copyOf(endpoints);
            if (endpoints.isEmpty()) throw new IllegalArgumentException("at least one etcd endpoint is required");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (requestTimeout.isNegative() || requestTimeout.isZero()) throw new IllegalArgumentException("requestTimeout must be positive");
            if (watchBacklog < 1) throw new IllegalArgumentException("watchBacklog must be positive");
        }

        public static Options defaults(List<String> endpoints) {
            return new Options(endpoints, Duration.ofSeconds(10), 100_000);
        }

        public Options withRequestTimeout(Duration d) {
            return new Options(endpoints, d, watchBacklog);
        }

        public Options withWatchBacklog(int n) {
            return new Options(endpoints, requestTimeout, n);
        }
    }

    /** A snapshot streams the whole database; it gets longer than one request. */
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofMinutes(30);

    private final Client client;
    private final Calls calls;
    private final TxnRunner txns;
    private final CompactRevisionProbe compaction;
    private final LeaseList leaseList;
    private final int watchBacklog;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private final AtomicLong watchIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EtcdStore(Client client, String target, Options options) {
        this.client = client;
        this.calls = new Calls(options.requestTimeout());
        this.txns = new TxnRunner(client.getKVClient(), client.getLeaseClient(), calls);
        this.compaction = new CompactRevisionProbe(client.getKVClient(), client.getWatchClient(), calls);
        this.leaseList = new LeaseList(target, options.requestTimeout());
        this.watchBacklog = options.watchBacklog();
    }

    public static EtcdStore connect(List<String> endpoints) {
        return connect(Options.defaults(endpoints));
    }

    /** Connects and checks etcd answers, so a wrong endpoint fails here rather than later. */
    public static EtcdStore connect(Options options) {
        ClientBuilder builder = Client.builder()
                .endpoints(options.endpoints().toArray(String[]::new))
                // etcd sends responses up to 2 GiB; gRPC's default 4 MiB would fail big ranges.
                .maxInboundMessageSize(Integer.MAX_VALUE);
        EtcdStore store = new EtcdStore(builder.build(), builder.target(), options);
        try {
            store.currentRevision();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    @Override
    public long currentRevision() {
        checkOpen();
        try {
            return calls.await("current revision", client.getKVClient().get(CompactRevisionProbe.PROBE_KEY,
                    GetOption.builder().withCountOnly(true).build())).getHeader().getRevision();
        } catch (EtcdFailure f) {
            throw f.toStoreException();
        }
    }

    /** Best effort, as {@link CompactRevisionProbe} explains: one read, or a watch if someone else compacted. */
    @Override
    public long compactRevision() {
        checkOpen();
        return compaction.current();
    }

    @Override
    public RangeResult range(RangeRequest request) {
        Requests.validate(request);
        checkOpen();
        try {
            GetResponse r = calls.await("range", client.getKVClient().get(KeyValues.bytes(request.key()), TxnOps.getOption(request)));
            return TxnOps.rangeResult(r);
        } catch (EtcdFailure f) {
            throw switch (f.kind()) {
                case COMPACTED -> new CompactedException(compaction.above(request.revision()));
                case FUTURE_REVISION -> new FutureRevisionException(request.revision(), currentRevision());
                default -> f.toStoreException();
            };
        }
    }

    @Override
    public TxnResult txn(Txn txn) {
        Requests.validate(txn);
        checkOpen();
        return txns.run(txn);
    }

    @Override
    public Watch watch(WatchRequest request, WatchListener listener) {
        Requests.validate(request);
        Objects.requireNonNull(listener, "listener");
        checkOpen();
        // etcd's own "now" is when its watch is created, after this call returns: a write made
        // in between would be missed. Pin "now" to the revision current at the call instead.
        long start = request.startRevision() != 0 ? request.startRevision() : currentRevision() + 1;
        WatchOption.Builder option = WatchOption.builder().withRevision(start).withPrevKV(request.prevKv());
        if (request.rangeEnd() != null) {
            option.withRange(KeyValues.bytes(request.rangeEnd()));
        }
        EtcdWatch w = new EtcdWatch(listener, watchBacklog, watches::remove);
        watches.add(w);
        w.start(client.getWatchClient(), KeyValues.bytes(request.key()), option.build(),
                "etcd-watch-" + watchIds.incrementAndGet());
        if (closed.get()) {
            w.fail(new StoreException("etcd store closed"));
        }
        return w;
    }

    @Override
    public void compact(long revision) {
        checkOpen();
        if (revision < 1) {
            throw new CompactedException(compaction.current());
        }
        try {
            calls.await("compact", client.getKVClient().compact(revision, CompactOption.builder().withCompactPhysical(true).build()));
            compaction.compactedAt(revision);
        } catch (EtcdFailure f) {
            throw switch (f.kind()) {
                case COMPACTED -> new CompactedException(Math.max(compaction.current(), 1));
                case FUTURE_REVISION -> new FutureRevisionException(revision, currentRevision());
                default -> f.toStoreException();
            };
        }
    }

    @Override
    public Lease grantLease(long ttlSeconds) {
        checkOpen();
        if (ttlSeconds < 1) {
            throw new InvalidRequestException("lease: TTL must be positive, got " + ttlSeconds);
        }
        try {
            LeaseGrantResponse r = calls.await("grant lease", client.getLeaseClient().grant(ttlSeconds));
            // etcd raises a TTL below its minimum (1.5 election timeouts, at least 1 s) to it.
            return new Lease(r.getID(), r.getTTL());
        } catch (EtcdFailure f) {
            throw f.toStoreException();
        }
    }

    @Override
    public long keepAlive(long leaseId) {
        checkOpen();
        try {
            return calls.await("keep lease alive", client.getLeaseClient().keepAliveOnce(leaseId)).getTTL();
        } catch (EtcdFailure f) {
            throw leaseFailure(f, leaseId);
        }
    }

    @Override
    public void revokeLease(long leaseId) {
        checkOpen();
        try {
            calls.await("revoke lease", client.getLeaseClient().revoke(leaseId));
        } catch (EtcdFailure f) {
            throw leaseFailure(f, leaseId);
        }
    }

    /** The live leases by id, with the TTL each was granted (one TimeToLive call per lease). */
    @Override
    public List<Lease> leases() {
        checkOpen();
        List<Lease> leases = new ArrayList<>();
        for (long id : leaseList.ids()) {
            try {
                LeaseTimeToLiveResponse r = calls.await("lease TTL", client.getLeaseClient().timeToLive(id, LeaseOption.DEFAULT));
                if (r.getTTL() >= 0) {
                    leases.add(new Lease(id, r.getGrantedTTL()));
                }
            } catch (EtcdFailure f) {
                if (f.kind() != EtcdFailure.Kind.LEASE_NOT_FOUND) {
                    throw f.toStoreException();
                }
                // Expired between the listing and this call: not alive.
            }
        }
        leases.sort(Comparator.comparingLong(Lease::id));
        return leases;
    }

    /** etcd's own snapshot format (a bbolt database plus checksum), for {@code etcdctl snapshot restore}. */
    @Override
    public void snapshot(OutputStream out) throws IOException {
        checkOpen();
        try {
            calls.await("snapshot", client.getMaintenanceClient().snapshot(out), SNAPSHOT_TIMEOUT);
        } catch (EtcdFailure f) {
            if (f.getCause() instanceof IOException e) {
                throw e;
            }
            throw f.toStoreException();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        StoreException closing = new StoreException("etcd store closed");
        watches.forEach(w -> w.fail(closing));
        leaseList.close();
        client.close();
    }

    private StoreException leaseFailure(EtcdFailure f, long leaseId) {
        return f.kind() == EtcdFailure.Kind.LEASE_NOT_FOUND ? new LeaseNotFoundException(leaseId) : f.toStoreException();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StoreException("etcd store closed");
        }
    }
}
