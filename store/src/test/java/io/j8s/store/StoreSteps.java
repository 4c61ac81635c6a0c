package io.j8s.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random store operations for the property test. Keys come from a small alphabet, so that
 * operations collide, and include characters whose UTF-16 and code point orders differ.
 */
final class StoreSteps {

    static final List<String> KEYS = List.of("a", "a/x", "a/y", "b", "b\uFFFD", "b\uD83D\uDE00", "c\uE000", "c");
    private static final String SINGLE_KEY = "";

    private StoreSteps() {}

    /** One operation; {@link #run} gives what it returned, or how it was refused, as a comparable value. */
    sealed interface Step {
        Object apply(Store store);

        default Object run(Store store) {
            try {
                return apply(store);
            } catch (CompactedException e) {
                return new Refused("CompactedException", e.compactRevision());
            } catch (StoreException e) {
                return new Refused(e.getClass().getSimpleName(), 0);
            }
        }
    }

    record Refused(String exception, long compactRevision) {}

    record Write(Txn txn) implements Step {
        @Override
        public Object apply(Store store) {
            return store.txn(txn);
        }

        @Override
        public String toString() {
            return "txn(if " + txn.compares().stream().map(StoreSteps::describe).collect(Collectors.joining(" && "))
                    + " then " + describe(txn.success()) + " else " + describe(txn.failure()) + ")";
        }
    }

    record Read(RangeRequest request) implements Step {
        @Override
        public Object apply(Store store) {
            return store.range(request);
        }

        @Override
        public String toString() {
            return "range" + describe(request);
        }
    }

    record Delete(String key) implements Step {
        @Override
        public Object apply(Store store) {
            return store.delete(key);
        }

        @Override
        public String toString() {
            return "delete(" + key + ")";
        }
    }

    record Compact(long revision) implements Step {
        @Override
        public Object apply(Store store) {
            store.compact(revision);
            return "compacted";
        }

        @Override
        public String toString() {
            return "compact(" + revision + ")";
        }
    }

    static Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(8, txn().map(Write::new)),
                Tuple.of(3, rangeRequest(revision()).map(Read::new)),
                Tuple.of(1, key().map(Delete::new)),
                Tuple.of(1, Arbitraries.longs().between(1, 16).map(Compact::new)));
        return step.list().ofMinSize(1).ofMaxSize(50).withSizeDistribution(RandomDistribution.uniform());
    }

    /** The current revision (0) half the time, else a past one, a compacted one or a future one. */
    static Arbitrary<Long> revision() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)), Tuple.of(1, Arbitraries.longs().between(1, 16)));
    }

    static Arbitrary<String> key() {
        return Arbitraries.of(KEYS);
    }

    /** Null (a single key) most often; else every key after, another key, or a prefix end. */
    static Arbitrary<String> rangeEnd() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(SINGLE_KEY)),
                Tuple.of(1, Arbitraries.just(Keys.ALL_AFTER)),
                Tuple.of(1, key()),
                Tuple.of(2, key().map(Keys::prefixEnd)));
    }

    static Arbitrary<RangeRequest> rangeRequest(Arbitrary<Long> revision) {
        return Combinators.combine(key(), rangeEnd(), revision, Arbitraries.longs().between(0, 3),
                        Arbitraries.of(false, false, false, true), Arbitraries.of(false, false, false, true))
                .as((key, end, rev, limit, countOnly, keysOnly) ->
                        new RangeRequest(key, end.equals(SINGLE_KEY) ? null : end, rev, limit, countOnly, keysOnly));
    }

    static Arbitrary<Txn> txn() {
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(5, Combinators.combine(key(), Arbitraries.of("1", "2", "3"), Arbitraries.of(true, false))
                        .as((k, v, prev) -> (Op) new Op.Put(k, v.getBytes(StandardCharsets.UTF_8), 0, prev))),
                Tuple.of(2, Combinators.combine(key(), rangeEnd(), Arbitraries.of(true, false))
                        .as((k, end, prev) -> (Op) new Op.Delete(k, end.equals(SINGLE_KEY) ? null : end, prev))),
                Tuple.of(1, rangeRequest(Arbitraries.just(0L)).map(r -> (Op) new Op.Get(r))));
        // Leases are 0 here, so a LEASE compare is mostly a foregone conclusion: keep it rare.
        Arbitrary<Compare.Target> target = Arbitraries.of(Compare.Target.VERSION, Compare.Target.VERSION,
                Compare.Target.CREATE_REVISION, Compare.Target.CREATE_REVISION, Compare.Target.MOD_REVISION,
                Compare.Target.MOD_REVISION, Compare.Target.LEASE);
        Arbitrary<Compare> compare = Combinators.combine(key(), target, Arbitraries.of(Compare.Op.class),
                        Arbitraries.longs().between(0, 5))
                .as(Compare::new);
        Arbitrary<List<Compare>> compares = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(List.of())),
                Tuple.of(4, compare.list().ofSize(1)),
                Tuple.of(1, compare.list().ofSize(2)));
        return Combinators.combine(compares, op.list().ofMinSize(1).ofMaxSize(4), op.list().ofMaxSize(3)).as(Txn::of);
    }

    private static String describe(Compare c) {
        return c.target() + "(" + c.key() + ") " + c.op() + " " + c.value();
    }

    private static String describe(List<Op> ops) {
        return ops.stream().map(op -> switch (op) {
            case Op.Put p -> "put(" + p.key() + "=" + new String(p.value(), StandardCharsets.UTF_8) + (p.prevKv() ? ", prevKv" : "") + ")";
            case Op.Delete d -> "delete(" + d.key() + (d.rangeEnd() == null ? "" : ".." + printable(d.rangeEnd())) + (d.prevKv() ? ", prevKv" : "") + ")";
            case Op.Get g -> "get" + describe(g.request());
        }).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(RangeRequest r) {
        return "(" + r.key() + (r.rangeEnd() == null ? "" : ".." + printable(r.rangeEnd()))
                + (r.revision() != 0 ? " @" + r.revision() : "") + (r.limit() != 0 ? " limit " + r.limit() : "")
                + (r.countOnly() ? " countOnly" : "") + (r.keysOnly() ? " keysOnly" : "") + ")";
    }

    private static String printable(String end) {
        return end.equals(Keys.ALL_AFTER) ? "\\0" : end;
    }
}
