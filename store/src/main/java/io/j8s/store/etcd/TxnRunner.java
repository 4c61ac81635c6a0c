package io.j8s.store.etcd;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.LeaseOption;
import io.j8s.store.Compare;
import io.j8s.store.KeyValue;
import io.j8s.store.LeaseNotFoundException;
import io.j8s.store.Op;
import io.j8s.store.RequestTooLargeException;
import io.j8s.store.Requests;
import io.j8s.store.StoreException;
import io.j8s.store.Txn;
import io.j8s.store.TxnResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the store's transactions on etcd.
 *
 * <p>etcd compares leases ({@code Compare.Target.LEASE}) but jetcd 0.8's {@code Cmp} cannot say
 * so. Such a txn runs as a guarded nested txn instead: read each lease-compared key, decide its
 * lease compares here, then send {@code if (every such key still has the mod revision read)
 * then txn(other compares + decided ones, success, failure)}. An unchanged mod revision means an
 * unchanged lease (a key's lease changes only by a put or its deletion), so the decision still
 * holds when the inner txn runs, atomically. If a guarded key changed in between, nothing was
 * written and the whole thing is retried.
 */
final class TxnRunner {

    private static final int LEASE_COMPARE_ATTEMPTS = 16;

    private final KV kv;
    private final Lease leases;
    private final Calls calls;

    TxnRunner(KV kv, Lease leases, Calls calls) {
        this.kv = kv;
        this.leases = leases;
        this.calls = calls;
    }

    TxnResult run(Txn txn) {
        try {
            boolean leaseCompares = txn.compares().stream().anyMatch(c -> c.target() == Compare.Target.LEASE);
            return leaseCompares ? runWithLeaseCompares(txn) : runPlain(txn);
        } catch (EtcdFailure f) {
            throw switch (f.kind()) {
                case TOO_LARGE -> new RequestTooLargeException(bytes(txn), Requests.MAX_REQUEST_BYTES);
                case LEASE_NOT_FOUND -> new LeaseNotFoundException(missingLease(txn));
                default -> f.toStoreException();
            };
        }
    }

    private TxnResult runPlain(Txn txn) {
        TxnResponse r = calls.await("txn", kv.txn()
                .If(txn.compares().stream().map(TxnOps::cmp).toArray(Cmp[]::new))
                .Then(TxnOps.ops(txn.success()))
                .Else(TxnOps.ops(txn.failure()))
                .commit());
        return result(txn, r, r.getHeader().getRevision());
    }

    private TxnResult runWithLeaseCompares(Txn txn) {
        for (int attempt = 0; attempt < LEASE_COMPARE_ATTEMPTS; attempt++) {
            Map<String, KeyValue> seen = readLeaseComparedKeys(txn);
            List<Cmp> guards = new ArrayList<>();
            // An absent key compares as mod revision 0, so the guard also covers "still absent".
            seen.forEach((key, kv) -> guards.add(new Cmp(KeyValues.bytes(key), Cmp.Op.EQUAL,
                    CmpTarget.modRevision(kv == null ? 0 : kv.modRevision()))));
            List<Cmp> inner = new ArrayList<>();
            for (Compare c : txn.compares()) {
                if (c.target() != Compare.Target.LEASE) {
                    inner.add(TxnOps.cmp(c));
                } else if (!c.holds(seen.get(c.key()))) {
                    inner.add(never(c.key()));
                }
            }
            TxnResponse outer = calls.await("txn", kv.txn()
                    .If(guards.toArray(Cmp[]::new))
                    .Then(io.etcd.jetcd.op.Op.txn(inner.toArray(Cmp[]::new), TxnOps.ops(txn.success()), TxnOps.ops(txn.failure())))
                    .commit());
            if (outer.isSucceeded()) {
                return result(txn, outer.getTxnResponses().get(0), outer.getHeader().getRevision());
            }
        }
        throw new StoreException("txn: the keys of its lease compares kept changing; gave up after "
                + LEASE_COMPARE_ATTEMPTS + " attempts");
    }

    private Map<String, KeyValue> readLeaseComparedKeys(Txn txn) {
        Map<String, KeyValue> seen = new LinkedHashMap<>();
        for (Compare c : txn.compares()) {
            if (c.target() == Compare.Target.LEASE && !seen.containsKey(c.key())) {
                GetResponse r = calls.await("txn: read for lease compare", kv.get(KeyValues.bytes(c.key())));
                seen.put(c.key(), r.getKvs().isEmpty() ? null : KeyValues.keyValue(r.getKvs().get(0)));
            }
        }
        return seen;
    }

    /** A compare that never holds: no key, present or absent, has a negative create revision. */
    private static Cmp never(String key) {
        return new Cmp(KeyValues.bytes(key), Cmp.Op.LESS, CmpTarget.createRevision(0));
    }

    private static TxnResult result(Txn txn, TxnResponse r, long revision) {
        List<Op> branch = r.isSucceeded() ? txn.success() : txn.failure();
        return new TxnResult(r.isSucceeded(), revision, TxnOps.results(branch, r));
    }

    /** etcd's "requested lease not found" names no lease: find the txn's put lease that is gone. */
    private long missingLease(Txn txn) {
        Set<Long> ids = new LinkedHashSet<>();
        for (List<Op> branch : List.of(txn.success(), txn.failure())) {
            for (Op op : branch) {
                if (op instanceof Op.Put p && p.lease() != 0) {
                    ids.add(p.lease());
                }
            }
        }
        for (long id : ids) {
            try {
                if (calls.await("txn: find missing lease", leases.timeToLive(id, LeaseOption.DEFAULT)).getTTL() < 0) {
                    return id;
                }
            } catch (EtcdFailure ignored) {
                return id;
            }
        }
        return ids.isEmpty() ? 0 : ids.iterator().next();
    }

    /** Keys and values, as Requests counts them against the limit. */
    private static long bytes(Txn txn) {
        long n = 0;
        for (Compare c : txn.compares()) {
            n += utf8(c.key());
        }
        for (List<Op> branch : List.of(txn.success(), txn.failure())) {
            for (Op op : branch) {
                n += switch (op) {
                    case Op.Put p -> utf8(p.key()) + p.value().length;
                    case Op.Delete d -> utf8(d.key()) + (d.rangeEnd() == null ? 0 : utf8(d.rangeEnd()));
                    case Op.Get g -> utf8(g.request().key());
                };
            }
        }
        return n;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
