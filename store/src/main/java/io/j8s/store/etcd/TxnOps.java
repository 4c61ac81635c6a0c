package io.j8s.store.etcd;

import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.j8s.store.Compare;
import io.j8s.store.Op;
import io.j8s.store.OpResult;
import io.j8s.store.RangeRequest;
import io.j8s.store.RangeResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The store's compares, ops and results in jetcd's terms, and back. */
final class TxnOps {

    private TxnOps() {}

    /** Any compare but on {@code LEASE}, which jetcd 0.8 cannot express (see {@link TxnRunner}). */
    static Cmp cmp(Compare c) {
        CmpTarget<?> target = switch (c.target()) {
            case VERSION -> CmpTarget.version(c.value());
            case CREATE_REVISION -> CmpTarget.createRevision(c.value());
            case MOD_REVISION -> CmpTarget.modRevision(c.value());
            case LEASE -> throw new IllegalArgumentException("jetcd has no lease compare target: " + c);
        };
        Cmp.Op op = switch (c.op()) {
            case EQUAL -> Cmp.Op.EQUAL;
            case NOT_EQUAL -> Cmp.Op.NOT_EQUAL;
            case LESS -> Cmp.Op.LESS;
            case GREATER -> Cmp.Op.GREATER;
        };
        return new Cmp(KeyValues.bytes(c.key()), op, target);
    }

    static io.etcd.jetcd.op.Op[] ops(List<Op> ops) {
        return ops.stream().map(TxnOps::op).toArray(io.etcd.jetcd.op.Op[]::new);
    }

    static io.etcd.jetcd.op.Op op(Op op) {
        return switch (op) {
            case Op.Put p -> {
                PutOption.Builder o = PutOption.builder().withLeaseId(p.lease());
                if (p.prevKv()) {
                    o.withPrevKV();
                }
                yield io.etcd.jetcd.op.Op.put(KeyValues.bytes(p.key()), io.etcd.jetcd.ByteSequence.from(p.value()), o.build());
            }
            case Op.Delete d -> {
                DeleteOption.Builder o = DeleteOption.builder().withPrevKV(d.prevKv());
                if (d.rangeEnd() != null) {
                    o.withRange(KeyValues.bytes(d.rangeEnd()));
                }
                yield io.etcd.jetcd.op.Op.delete(KeyValues.bytes(d.key()), o.build());
            }
            case Op.Get g -> io.etcd.jetcd.op.Op.get(KeyValues.bytes(g.request().key()), getOption(g.request()));
        };
    }

    static GetOption getOption(RangeRequest r) {
        GetOption.Builder o = GetOption.builder()
                .withRevision(r.revision())
                .withLimit(r.limit())
                .withCountOnly(r.countOnly())
                .withKeysOnly(r.keysOnly());
        if (r.rangeEnd() != null) {
            o.withRange(KeyValues.bytes(r.rangeEnd()));
        }
        return o.build();
    }

    static RangeResult rangeResult(GetResponse r) {
        return new RangeResult(KeyValues.keyValues(r.getKvs()), r.getCount(), r.isMore(), r.getHeader().getRevision());
    }

    /**
     * The results of the branch that ran, in the order of its ops. jetcd hands them back grouped
     * by type (puts, deletes, gets), each group in op order, so taking the next of the right type
     * for each op restores the interleaving.
     */
    static List<OpResult> results(List<Op> branch, TxnResponse response) {
        Iterator<PutResponse> puts = response.getPutResponses().iterator();
        Iterator<DeleteResponse> deletes = response.getDeleteResponses().iterator();
        Iterator<GetResponse> gets = response.getGetResponses().iterator();
        List<OpResult> results = new ArrayList<>(branch.size());
        for (Op op : branch) {
            results.add(switch (op) {
                case Op.Put p -> {
                    PutResponse r = puts.next();
                    yield new OpResult.PutResult(p.prevKv() && r.hasPrevKv() ? KeyValues.previous(r.getPrevKv()) : null);
                }
                case Op.Delete d -> {
                    DeleteResponse r = deletes.next();
                    yield new OpResult.DeleteResult(r.getDeleted(), d.prevKv() ? KeyValues.keyValues(r.getPrevKvs()) : List.of());
                }
                // In a txn etcd stamps each read with the revision it saw: the one before the
                // txn for reads ahead of its first write, the txn's own after it.
                case Op.Get g -> rangeResult(gets.next());
            });
        }
        return results;
    }
}
