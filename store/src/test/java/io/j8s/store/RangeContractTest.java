package io.j8s.store;

import static io.j8s.store.Fixtures.keys;
import static io.j8s.store.Fixtures.kv;
import static io.j8s.store.Fixtures.put;
import static io.j8s.store.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reads: single keys, prefixes, ranges, limits and counts, past revisions, and key order. */
class RangeContractTest {

    @RegisterExtension
    static final Backends backends = new Backends();

    private static Store storeWith(Backends.Id backend, String... keys) throws Exception {
        Store store = backends.open(backend);
        for (String k : keys) {
            put(store, k, "v-" + k);
        }
        return store;
    }

    @EachBackend
    void singleKeyReadReturnsOnlyThatKey(Backends.Id backend) throws Exception {
        Store store = storeWith(backend, "a", "ab", "b");

        RangeResult r = store.range(RangeRequest.key("a"));
        assertThat(r.kvs()).containsExactly(kv("a", "v-a", 2, 2, 1));
        assertThat(r.count()).isEqualTo(1);
        assertThat(r.more()).isFalse();

        RangeResult missing = store.range(RangeRequest.key("aa"));
        assertThat(missing.kvs()).isEmpty();
        assertThat(missing.count()).isZero();
        assertThat(store.get("aa")).isNull();
    }

    @EachBackend
    void prefixReadReturnsExactlyTheKeysUnderThePrefix(Backends.Id backend) throws Exception {
        Store store = storeWith(backend, "/r", "/r/b", "/q/a", "/r/a", "/r0", "/r/a/deep");

        assertThat(keys(store.range(RangeRequest.prefix("/r/")).kvs())).containsExactly("/r/a", "/r/a/deep", "/r/b");
        assertThat(keys(store.range(RangeRequest.prefix("/r")).kvs())).containsExactly("/r", "/r/a", "/r/a/deep", "/r/b", "/r0");
        assertThat(store.range(RangeRequest.prefix("/s/")).kvs()).isEmpty();
    }

    @EachBackend
    void rangeIncludesItsStartAndExcludesItsEnd(Backends.Id backend) throws Exception {
        Store store = storeWith(backend, "a", "b", "bb", "c", "d");

        assertThat(keys(store.range(RangeRequest.range("b", "d")).kvs())).containsExactly("b", "bb", "c");
        assertThat(keys(store.range(RangeRequest.range("ba", "c")).kvs())).containsExactly("bb");
        assertThat(store.range(RangeRequest.range("b", "b")).kvs()).isEmpty();
    }

    @EachBackend
    void allAfterReadsEveryKeyFromTheStartKeyOn(Backends.Id backend) throws Exception {
        Store store = storeWith(backend, "a", "b", "c", "zzz");

        assertThat(keys(store.range(RangeRequest.range("b", Keys.ALL_AFTER)).kvs())).containsExactly("b", "c", "zzz");
        assertThat(keys(store.range(RangeRequest.range("\0", Keys.ALL_AFTER)).kvs())).containsExactly("a", "b", "c", "zzz");
    }

    @EachBackend
    void limitCapsTheKeysWhileCountAndMoreTellTheRest(Backends.Id backend) throws Exception {
        Store store = storeWith(backend, "k1", "k2", "k3", "k4", "k5");
        RangeRequest prefix = RangeRequest.prefix("k");

        RangeResult two = store.range(prefix.withLimit(2));
        assertThat(keys(two.kvs())).containsExactly("k1", "k2");
        assertThat(two.count()).isEqualTo(5);
        assertThat(two.more()).isTrue();

        RangeResult exact = store.range(prefix.withLimit(5));
        assertThat(exact.kvs()).hasSize(5);
        assertThat(exact.count()).isEqualTo(5);
        assertThat(exact.more()).isFalse();

        RangeResult above = store.range(prefix.withLimit(6));
        assertThat(above.kvs()).hasSize(5);
        assertThat(above.more()).isFalse();

        RangeResult unlimited = store.range(prefix);
        assertThat(unlimited.kvs()).hasSize(5);
        assertThat(unlimited.more()).isFalse();
    }

    @EachBackend
    void countOnlyReturnsTheCountAndNoKeys(Backends.Id backend) throws Exception {
        Store store = storeWith(backend, "k1", "k2", "k3", "other");

        RangeResult count = store.range(RangeRequest.prefix("k").countingOnly());
        assertThat(count.kvs()).isEmpty();
        assertThat(count.count()).isEqualTo(3);
        assertThat(count.more()).isFalse();

        // As etcd 3.4: with count-only, the limit caps nothing and "more" stays false.
        RangeResult limited = store.range(RangeRequest.prefix("k").withLimit(1).countingOnly());
        assertThat(limited.kvs()).isEmpty();
        assertThat(limited.count()).isEqualTo(3);
        assertThat(limited.more()).isFalse();
    }

    @EachBackend
    void keysOnlyReturnsEmptyValuesWithRevisionsIntact(Backends.Id backend) throws Exception {
        Store store = storeWith(backend, "a", "b");
        put(store, "a", "again");

        RangeResult r = store.range(RangeRequest.range("a", Keys.ALL_AFTER).withKeysOnly());

        assertThat(r.kvs()).containsExactly(
                new KeyValue("a", new byte[0], 2, 4, 2, 0),
                new KeyValue("b", new byte[0], 3, 3, 1, 0));
        assertThat(r.count()).isEqualTo(2);
    }

    @EachBackend
    void readAtPastRevisionSeesTheStateOfThatRevision(Backends.Id backend) throws Exception {
        Store store = backends.open(backend);
        put(store, "a", "1");   // 2
        put(store, "b", "1");   // 3
        put(store, "a", "2");   // 4
        store.delete("b");      // 5
        put(store, "c", "1");   // 6

        assertThat(store.range(Fixtures.ALL.atRevision(1)).kvs()).isEmpty();
        assertThat(store.range(Fixtures.ALL.atRevision(2)).kvs()).containsExactly(kv("a", "1", 2, 2, 1));
        assertThat(store.range(Fixtures.ALL.atRevision(3)).kvs()).containsExactly(kv("a", "1", 2, 2, 1), kv("b", "1", 3, 3, 1));
        assertThat(store.range(Fixtures.ALL.atRevision(4)).kvs()).containsExactly(kv("a", "2", 2, 4, 2), kv("b", "1", 3, 3, 1));
        assertThat(store.range(Fixtures.ALL.atRevision(5)).kvs()).containsExactly(kv("a", "2", 2, 4, 2));
        assertThat(store.range(Fixtures.ALL.atRevision(6)).kvs()).containsExactly(kv("a", "2", 2, 4, 2), kv("c", "1", 6, 6, 1));
        assertThat(store.range(RangeRequest.key("b").atRevision(3)).count()).isEqualTo(1);
        assertThat(store.range(RangeRequest.key("b").atRevision(5)).count()).isZero();
        assertThat(store.range(RangeRequest.key("c").atRevision(5)).kvs()).isEmpty();
    }

    @EachBackend
    void headerRevisionIsTheCurrentRevisionEvenForPastReads(Backends.Id backend) throws Exception {
        Store store = storeWith(backend, "a", "b", "c");

        assertThat(store.range(RangeRequest.key("a")).revision()).isEqualTo(4);
        assertThat(store.range(RangeRequest.key("a").atRevision(2)).revision()).isEqualTo(4);
        assertThat(store.range(RangeRequest.key("missing")).revision()).isEqualTo(4);
        assertThat(store.range(RangeRequest.key("a").atRevision(4)).kvs()).hasSize(1);
    }

    @EachBackend
    void keysAreOrderedByCodePointAsUtf8Bytes(Backends.Id backend) throws Exception {
        String bmpHigh = "a\uFFFD";          // U+FFFD: above every surrogate as a UTF-16 unit
        String privateUse = "a\uE000";       // U+E000: likewise
        String astral = "a\uD800\uDC00";     // U+10000: the first code point above U+FFFF
        String emoji = "a\uD83D\uDE00";      // U+1F600
        Store store = storeWith(backend, emoji, "b", astral, bmpHigh, "a~", privateUse);

        List<String> order = List.of("a~", privateUse, bmpHigh, astral, emoji, "b");
        assertThat(keys(Fixtures.all(store))).containsExactlyElementsOf(order);
        assertThat(keys(store.range(RangeRequest.prefix("a")).kvs())).containsExactlyElementsOf(order.subList(0, 5));
        assertThat(keys(store.range(RangeRequest.range(bmpHigh, astral)).kvs())).containsExactly(bmpHigh);
        assertThat(keys(store.range(RangeRequest.range(astral, Keys.ALL_AFTER)).kvs())).containsExactly(astral, emoji, "b");
        assertThat(values(store.range(RangeRequest.key(astral)).kvs())).containsExactly("v-" + astral);
    }
}
